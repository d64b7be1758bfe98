package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A target in targets metadata: signed length, hashes (sha256 and/or sha512) and an optional {@code custom}
 * object. Uptane fields read from custom: {@code hardwareIds} (list), {@code releaseCounter} (int) and, in director
 * targets, {@code ecuIdentifiers} ({@code {serial: {"hardwareId": ...}}}) or {@code ecuSerial} + {@code hardwareId}.
 */
public record TargetFile(String name, long length, Map<String, String> hashes, ObjectNode custom) {
    public TargetFile {
        hashes = Map.copyOf(hashes);
        custom = custom == null ? null : custom.deepCopy();
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("length", length);
        ObjectNode h = n.putObject("hashes");
        new TreeMap<>(hashes).forEach(h::put);
        if (custom != null) {
            n.set("custom", custom.deepCopy());
        }
        return n;
    }

    public static TargetFile fromJson(String name, JsonNode n) {
        String ctx = "target '" + name + "'";
        long length = Fields.nonNegativeLong(n, "length", ctx);
        Map<String, String> hashes = Fields.hashes(Fields.require(n, "hashes", ctx), ctx);
        JsonNode custom = n.get("custom");
        if (custom != null && !custom.isNull() && !custom.isObject()) {
            throw Fields.invalid(ctx + ": 'custom' must be an object");
        }
        return new TargetFile(name, length, hashes, custom == null || custom.isNull() ? null : (ObjectNode) custom);
    }

    public List<String> hardwareIds() {
        List<String> out = new ArrayList<>();
        JsonNode ids = custom == null ? null : custom.get("hardwareIds");
        if (ids != null && ids.isArray()) {
            ids.forEach(i -> {
                if (i.isTextual()) {
                    out.add(i.textValue());
                }
            });
        }
        return out;
    }

    public OptionalLong releaseCounter() {
        JsonNode rc = custom == null ? null : custom.get("releaseCounter");
        if (rc == null || rc.isNull()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Fields.signedInt(rc, "target '" + name + "' custom.releaseCounter"));
    }

    /** ECU serial to hardware id, for director targets. */
    public Map<String, String> ecuIdentifiers() {
        Map<String, String> out = new LinkedHashMap<>();
        if (custom == null) {
            return out;
        }
        JsonNode ids = custom.get("ecuIdentifiers");
        if (ids != null && ids.isObject()) {
            ids.fields().forEachRemaining(e -> {
                JsonNode hw = e.getValue().get("hardwareId");
                out.put(e.getKey(), hw != null && hw.isTextual() ? hw.textValue() : null);
            });
        }
        JsonNode serial = custom.get("ecuSerial");
        if (serial != null && serial.isTextual()) {
            JsonNode hw = custom.get("hardwareId");
            out.put(serial.textValue(), hw != null && hw.isTextual() ? hw.textValue() : null);
        }
        return out;
    }
}
