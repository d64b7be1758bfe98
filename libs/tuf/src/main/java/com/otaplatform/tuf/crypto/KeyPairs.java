package com.otaplatform.tuf.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Generates signing keys. */
public final class KeyPairs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    public static KeyPair ed25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519", Crypto.BC).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecdsaP256KeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.BC);
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LocalSigner ed25519() {
        return signer(ed25519KeyPair());
    }

    public static LocalSigner ecdsaP256() {
        return signer(ecdsaP256KeyPair());
    }

    public static LocalSigner signer(KeyPair kp) {
        return new LocalSigner(kp.getPrivate(), PublicKeys.toTufKey(kp.getPublic()));
    }
}
