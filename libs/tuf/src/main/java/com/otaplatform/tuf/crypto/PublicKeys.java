package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.model.Key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Conversions between TUF key objects and JCA public keys. */
public final class PublicKeys {
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte raw key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private PublicKeys() {
    }

    public static Key toTufKey(PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        String alg = publicKey.getAlgorithm();
        if (alg.equalsIgnoreCase("Ed25519") || alg.equalsIgnoreCase("EdDSA")) {
            byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return new Key(Key.ED25519, Key.ED25519, HexFormat.of().formatHex(raw));
        }
        if (alg.equalsIgnoreCase("EC") || alg.equalsIgnoreCase("ECDSA")) {
            return new Key(Key.ECDSA, Key.ECDSA_P256_SCHEME, toPem(spki));
        }
        throw new IllegalArgumentException("unsupported key algorithm " + alg);
    }

    static String toPem(byte[] spki) {
        String b64 = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(spki);
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** Parses a TUF key; throws IllegalArgumentException for unsupported or malformed keys. */
    public static PublicKey toPublicKey(Key key) {
        try {
            if (Key.ED25519.equals(key.keyType()) && Key.ED25519.equals(key.scheme())) {
                byte[] raw = HexFormat.of().parseHex(key.publicValue());
                if (raw.length != 32) {
                    throw new IllegalArgumentException("ed25519 public key must be 32 bytes");
                }
                byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
                System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                return KeyFactory.getInstance("Ed25519", Crypto.BC).generatePublic(new X509EncodedKeySpec(spki));
            }
            if ((Key.ECDSA.equals(key.keyType()) || "ecdsa-sha2-nistp256".equals(key.keyType()))
                    && Key.ECDSA_P256_SCHEME.equals(key.scheme())) {
                String body = key.publicValue()
                        .replace("-----BEGIN PUBLIC KEY-----", "")
                        .replace("-----END PUBLIC KEY-----", "")
                        .replaceAll("\\s", "");
                byte[] spki = Base64.getDecoder().decode(body);
                PublicKey pk = KeyFactory.getInstance("EC", Crypto.BC).generatePublic(new X509EncodedKeySpec(spki));
                if (((ECPublicKey) pk).getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new IllegalArgumentException("ecdsa-sha2-nistp256 key is not on a 256-bit curve");
                }
                return pk;
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("malformed " + key.keyType() + " key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported key type/scheme " + key.keyType() + "/" + key.scheme());
    }

    /** Identity of the key material, independent of key id and PEM formatting. */
    public static String material(Key key) {
        return key.scheme() + ":" + HexFormat.of().formatHex(toPublicKey(key).getEncoded());
    }

    static String jcaSignatureAlgorithm(Key key) {
        return Key.ED25519.equals(key.scheme()) ? "Ed25519" : "SHA256withECDSA";
    }

    public static boolean verify(Key key, byte[] signature, byte[] data) {
        try {
            return verify(key, toPublicKey(key), signature, data);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@link #verify(Key, byte[], byte[])} with the key decoded already ({@link #toPublicKey}), for a key that verifies more than once. */
    public static boolean verify(Key key, PublicKey publicKey, byte[] signature, byte[] data) {
        try {
            java.security.Signature s = java.security.Signature.getInstance(jcaSignatureAlgorithm(key), Crypto.BC);
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
