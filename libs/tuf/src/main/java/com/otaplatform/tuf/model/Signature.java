package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

/** One entry of the "signatures" array: the key id and the hex signature over the canonical "signed" object. */
public record Signature(String keyId, String sig) {
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("keyid", keyId);
        n.put("sig", sig);
        return n;
    }
}
