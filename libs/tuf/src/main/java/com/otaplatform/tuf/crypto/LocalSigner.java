package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.model.Key;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

import java.io.IOException;
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
    /** Ed25519 in memory signs through Bouncy Castle's lightweight API with parameters kept across signatures. */
    private final Ed25519PrivateKeyParameters ed25519;

    public LocalSigner(PrivateKey privateKey, Key publicKey) {
        this(privateKey, publicKey, Crypto.BC);
    }

    /** Signs with {@code provider}, which holds {@code privateKey} (or the key it is a handle to). */
    public LocalSigner(PrivateKey privateKey, Key publicKey, Provider provider) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = publicKey.keyId();
        this.provider = provider;
        this.ed25519 = provider == Crypto.BC && Key.ED25519.equals(publicKey.scheme()) ? ed25519Parameters(privateKey) : null;
    }

    // The JCA path re-creates the key parameters at every initSign, and with them derives the public key again: a second
    // scalar multiplication per signature. Kept parameters derive it once.
    private static Ed25519PrivateKeyParameters ed25519Parameters(PrivateKey privateKey) {
        try {
            return (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(privateKey.getEncoded());
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
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
        if (ed25519 != null) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, ed25519);
            signer.update(data, 0, data.length);
            return signer.generateSignature();
        }
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
