package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.time.Instant;

/** Timestamp metadata: points at the current snapshot. */
public record TimestampMetadata(long version, Instant expires, MetaFile snapshot) {
    public ObjectNode toSignedJson() {
        ObjectNode n = Json.object();
        n.put("_type", RoleName.TIMESTAMP);
        n.put("spec_version", SignedMetadata.SPEC_VERSION);
        n.put("version", version);
        n.put("expires", expires.toString());
        n.putObject("meta").set("snapshot.json", snapshot.toJson());
        return n;
    }

    public static TimestampMetadata from(SignedMetadata md) {
        md.requireType(RoleName.TIMESTAMP);
        ObjectNode meta = Fields.object(md.signed(), "meta", "timestamp");
        MetaFile snap = MetaFile.fromJson(Fields.object(meta, "snapshot.json", "timestamp.meta"),
                "timestamp.meta.snapshot.json");
        return new TimestampMetadata(md.version(), md.expires(), snap);
    }
}
