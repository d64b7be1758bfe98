package com.otaplatform.signing;

import com.otaplatform.tuf.model.Key;
import java.time.Instant;
import java.util.List;

/** A key of the image repository: its public half, the roles it signs for, and its private half when held online. */
public record SigningKey(String keyId, KeyScheme scheme, KeyStorage storage, Key publicKey, List<String> roles,
                         Instant createdAt, Instant revokedAt, String encryptedPrivateKey) {
    public SigningKey {
        roles = List.copyOf(roles);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** PEM SubjectPublicKeyInfo of the public key. */
    public String publicKeyPem() {
        return PublicKeyPem.of(publicKey);
    }
}
