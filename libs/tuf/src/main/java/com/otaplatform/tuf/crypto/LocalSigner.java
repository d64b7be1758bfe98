package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.model.Key;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;

/** A signer holding its private key in memory. */
public final class LocalSigner implements Signer {
    private final PrivateKey privateKey;
    private final Key publicKey;
    private final String keyId;

    public LocalSigner(PrivateKey privateKey, Key publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = publicKey.keyId();
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public Key publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            java.security.Signature s = java.security.Signature.getInstance(
                    PublicKeys.jcaSignatureAlgorithm(publicKey), Crypto.BC);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with key " + keyId + " failed", e);
        }
    }
}
