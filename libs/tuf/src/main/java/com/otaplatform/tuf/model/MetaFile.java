package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.util.Map;

/** A METAFILES entry (in timestamp and snapshot): version, optional length and hashes. */
public record MetaFile(long version, Long length, Map<String, String> hashes) {
    public MetaFile {
        hashes = hashes == null ? Map.of() : Map.copyOf(hashes);
    }

    public static MetaFile ofVersion(long version) {
        return new MetaFile(version, null, Map.of());
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("version", version);
        if (length != null) {
            n.put("length", length);
        }
        if (!hashes.isEmpty()) {
            ObjectNode h = n.putObject("hashes");
            new java.util.TreeMap<>(hashes).forEach(h::put);
        }
        return n;
    }

    static MetaFile fromJson(JsonNode n, String ctx) {
        long version = Fields.nonNegativeLong(n, "version", ctx);
        if (version < 1) {
            throw Fields.invalid(ctx + ": version must be >= 1");
        }
        Long length = n.has("length") ? Fields.nonNegativeLong(n, "length", ctx) : null;
        Map<String, String> hashes = n.has("hashes") ? Fields.hashes(n.get("hashes"), ctx) : Map.of();
        return new MetaFile(version, length, hashes);
    }
}
