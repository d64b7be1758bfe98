package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.json.Json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A public key in TUF form: {@code {"keytype","scheme","keyval":{"public"}}}. Ed25519 public values are hex,
 * ECDSA values are PEM (SubjectPublicKeyInfo).
 */
public record Key(String keyType, String scheme, String publicValue) {
    public static final String ED25519 = "ed25519";
    public static final String ECDSA = "ecdsa";
    public static final String ECDSA_P256_SCHEME = "ecdsa-sha2-nistp256";

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("keytype", keyType);
        n.put("scheme", scheme);
        n.putObject("keyval").put("public", publicValue);
        return n;
    }

    /** Hex SHA-256 of the canonical JSON of the key object. */
    public String keyId() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(toJson()));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Key fromJson(JsonNode n, String ctx) {
        ObjectNode keyval = Fields.object(n, "keyval", ctx);
        return new Key(Fields.text(n, "keytype", ctx), Fields.text(n, "scheme", ctx),
                Fields.text(keyval, "public", ctx + ".keyval"));
    }
}
