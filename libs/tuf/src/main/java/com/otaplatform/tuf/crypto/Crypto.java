package com.otaplatform.tuf.crypto;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.HexFormat;

/** The Bouncy Castle provider instance (used directly, never registered globally) and digest helpers. */
public final class Crypto {
    public static final Provider BC = new BouncyCastleProvider();

    private Crypto() {
    }

    public static MessageDigest digest(String tufName) {
        String jca = switch (tufName) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> null;
        };
        if (jca == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("sha256").digest(data));
    }

    public static String sha512Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("sha512").digest(data));
    }
}
