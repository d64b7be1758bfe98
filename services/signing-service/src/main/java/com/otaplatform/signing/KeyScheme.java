package com.otaplatform.signing;

import com.otaplatform.tuf.crypto.KeyPairs;
import java.security.KeyPair;

/** Signature scheme of a key the service generates or accepts. */
public enum KeyScheme {
    ED25519,
    ECDSA_P256;

    /** A fresh key pair in this scheme. */
    public KeyPair generate() {
        return this == ED25519 ? KeyPairs.ed25519KeyPair() : KeyPairs.ecdsaP256KeyPair();
    }

    /** The scheme named in configuration: ed25519 or ecdsa-p256. */
    public static KeyScheme fromConfig(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ed25519" -> ED25519;
            case "ecdsa-p256", "ecdsa" -> ECDSA_P256;
            default -> throw new IllegalArgumentException("ota.signing.key-scheme must be ed25519 or ecdsa-p256 (got '" + value + "')");
        };
    }

    /** The scheme of a TUF key. */
    public static KeyScheme of(com.otaplatform.tuf.model.Key key) {
        return com.otaplatform.tuf.model.Key.ED25519.equals(key.scheme()) ? ED25519 : ECDSA_P256;
    }
}
