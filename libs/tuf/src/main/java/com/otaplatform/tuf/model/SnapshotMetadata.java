package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Snapshot metadata: the version of every targets metadata file ("targets.json", ...). */
public record SnapshotMetadata(long version, Instant expires, Map<String, MetaFile> meta) {
    public SnapshotMetadata {
        meta = Map.copyOf(meta);
    }

    public ObjectNode toSignedJson() {
        ObjectNode n = Json.object();
        n.put("_type", RoleName.SNAPSHOT);
        n.put("spec_version", SignedMetadata.SPEC_VERSION);
        n.put("version", version);
        n.put("expires", expires.toString());
        ObjectNode m = n.putObject("meta");
        new TreeMap<>(meta).forEach((k, v) -> m.set(k, v.toJson()));
        return n;
    }

    public static SnapshotMetadata from(SignedMetadata md) {
        md.requireType(RoleName.SNAPSHOT);
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        Fields.object(md.signed(), "meta", "snapshot").fields().forEachRemaining(e ->
                meta.put(e.getKey(), MetaFile.fromJson(e.getValue(), "snapshot.meta." + e.getKey())));
        return new SnapshotMetadata(md.version(), md.expires(), meta);
    }
}
