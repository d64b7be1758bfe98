package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Top-level targets metadata (delegations are not supported and are ignored). */
public record TargetsMetadata(long version, Instant expires, Map<String, TargetFile> targets) {
    public TargetsMetadata {
        targets = Map.copyOf(targets);
    }

    public Optional<TargetFile> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    public ObjectNode toSignedJson() {
        ObjectNode n = Json.object();
        n.put("_type", RoleName.TARGETS);
        n.put("spec_version", SignedMetadata.SPEC_VERSION);
        n.put("version", version);
        n.put("expires", expires.toString());
        ObjectNode t = n.putObject("targets");
        new TreeMap<>(targets).forEach((k, v) -> t.set(k, v.toJson()));
        return n;
    }

    public static TargetsMetadata from(SignedMetadata md) {
        md.requireType(RoleName.TARGETS);
        Map<String, TargetFile> targets = new LinkedHashMap<>();
        ObjectNode t = Fields.object(md.signed(), "targets", "targets");
        var it = t.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            targets.put(e.getKey(), TargetFile.fromJson(e.getKey(), e.getValue()));
        }
        return new TargetsMetadata(md.version(), md.expires(), targets);
    }
}
