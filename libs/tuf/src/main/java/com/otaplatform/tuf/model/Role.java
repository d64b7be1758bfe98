package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.util.List;

/** A role in root metadata: the key ids allowed to sign it and how many must. */
public record Role(List<String> keyIds, int threshold) {
    public Role {
        keyIds = List.copyOf(keyIds);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        keyIds.forEach(n.putArray("keyids")::add);
        n.put("threshold", threshold);
        return n;
    }
}
