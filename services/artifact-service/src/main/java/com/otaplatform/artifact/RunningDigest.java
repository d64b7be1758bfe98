package com.otaplatform.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A running SHA-256 or SHA-512: the JDK's {@link MessageDigest}, which HotSpot runs on the CPU's SHA
 * instructions. Its state cannot be saved outside the process, only copied, so a copy taken at a part
 * boundary is what lets a cut upload resume hashing in this process ({@link ResumePoint}). Not thread-safe.
 */
public final class RunningDigest {
    private final MessageDigest digest;

    private RunningDigest(MessageDigest digest) {
        this.digest = digest;
    }

    /** A fresh SHA-256. */
    public static RunningDigest sha256() {
        return of("SHA-256");
    }

    /** A fresh SHA-512. */
    public static RunningDigest sha512() {
        return of("SHA-512");
    }

    private static RunningDigest of(String algorithm) {
        try {
            return new RunningDigest(MessageDigest.getInstance(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }

    /** Hashes {@code length} bytes of {@code bytes} from {@code offset}. */
    public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** An independent copy of the running state. */
    public RunningDigest copy() {
        try {
            return new RunningDigest((MessageDigest) digest.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(digest.getAlgorithm() + " of " + digest.getProvider() + " cannot be copied", e);
        }
    }

    /** Finishes the hash; lowercase hex. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
