package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Root metadata: keys, the four top-level roles with thresholds, consistent_snapshot. */
public record RootMetadata(long version, Instant expires, boolean consistentSnapshot,
                           Map<String, Key> keys, Map<String, Role> roles) {
    public RootMetadata {
        keys = Map.copyOf(keys);
        roles = Map.copyOf(roles);
    }

    public Role role(String name) {
        Role r = roles.get(name);
        if (r == null) {
            throw Fields.invalid("root has no role '" + name + "'");
        }
        return r;
    }

    public ObjectNode toSignedJson() {
        ObjectNode n = Json.object();
        n.put("_type", RoleName.ROOT);
        n.put("spec_version", SignedMetadata.SPEC_VERSION);
        n.put("version", version);
        n.put("expires", expires.toString());
        n.put("consistent_snapshot", consistentSnapshot);
        ObjectNode k = n.putObject("keys");
        new TreeMap<>(keys).forEach((id, key) -> k.set(id, key.toJson()));
        ObjectNode r = n.putObject("roles");
        new TreeMap<>(roles).forEach((name, role) -> r.set(name, role.toJson()));
        return n;
    }

    public static RootMetadata from(SignedMetadata md) {
        md.requireType(RoleName.ROOT);
        ObjectNode s = md.signed();
        Map<String, Key> keys = new LinkedHashMap<>();
        Fields.object(s, "keys", "root").fields().forEachRemaining(e ->
                keys.put(e.getKey(), Key.fromJson(e.getValue(), "root key " + e.getKey())));
        Map<String, Role> roles = new LinkedHashMap<>();
        ObjectNode rolesNode = Fields.object(s, "roles", "root");
        for (String name : RoleName.TOP_LEVEL) {
            ObjectNode rn = Fields.object(rolesNode, name, "root.roles");
            JsonNode ids = Fields.require(rn, "keyids", "root.roles." + name);
            if (!ids.isArray()) {
                throw Fields.invalid("root.roles." + name + ".keyids must be an array");
            }
            List<String> keyIds = new ArrayList<>();
            for (JsonNode id : (ArrayNode) ids) {
                if (!id.isTextual()) {
                    throw Fields.invalid("root.roles." + name + ".keyids must hold strings");
                }
                if (!keys.containsKey(id.textValue())) {
                    throw Fields.invalid("root.roles." + name + " names unknown key " + id.textValue());
                }
                if (keyIds.contains(id.textValue())) {
                    throw Fields.invalid("root.roles." + name + " lists key " + id.textValue() + " twice");
                }
                keyIds.add(id.textValue());
            }
            long threshold = Fields.signedInt(Fields.require(rn, "threshold", "root.roles." + name),
                    "root.roles." + name + ".threshold");
            if (threshold < 1) {
                throw new TufException(ErrorCode.INVALID_THRESHOLD,
                        "root version " + md.version() + " gives role '" + name + "' threshold " + threshold
                                + " (must be >= 1)");
            }
            roles.put(name, new Role(keyIds, (int) threshold));
        }
        JsonNode cs = s.get("consistent_snapshot");
        boolean consistent = cs != null && cs.asBoolean(false);
        return new RootMetadata(md.version(), md.expires(), consistent, keys, roles);
    }
}
