package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.model.Key;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;

/**
 * A signer holding its private key in memory, or a handle to a key that stays inside a JCA provider (for example a
 * PKCS#11 HSM through the JDK's SunPKCS11, whose ECDSA signatures come out DER-encoded as TUF wants them).
 */
public final class LocalSigner implements Signer {
    private final PrivateKey privateKey;
    private final Key publicKey;
    private final String keyId;
    private final Provider provider;

    public LocalSigner(PrivateKey privateKey, Key publicKey) {
        this(privateKey, publicKey, Crypto.BC);
    }

    /** Signs with {@code provider}, which holds {@code privateKey} (or the key it is a handle to). */
    public LocalSigner(PrivateKey privateKey, Key publicKey, Provider provider) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = publicKey.keyId();
        this.provider = provider;
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
                    PublicKeys.jcaSignatureAlgorithm(publicKey), provider);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with key " + keyId + " in " + provider.getName() + " failed", e);
        }
    }
}
