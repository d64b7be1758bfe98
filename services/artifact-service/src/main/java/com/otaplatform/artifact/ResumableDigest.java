package com.otaplatform.artifact;

import java.util.HexFormat;
import org.bouncycastle.crypto.digests.EncodableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * A SHA-256 or SHA-512 whose running state can be saved and restored (Bouncy Castle's encoded
 * state), so that hashing continues where a cut or restarted upload left off. Not thread-safe.
 */
public final class ResumableDigest {
    private final org.bouncycastle.crypto.Digest digest;

    private ResumableDigest(org.bouncycastle.crypto.Digest digest) {
        this.digest = digest;
    }

    /** SHA-256, fresh or from a saved state. */
    public static ResumableDigest sha256(byte[] state) {
        return new ResumableDigest(state == null ? new SHA256Digest() : new SHA256Digest(state));
    }

    /** SHA-512, fresh or from a saved state. */
    public static ResumableDigest sha512(byte[] state) {
        return new ResumableDigest(state == null ? new SHA512Digest() : new SHA512Digest(state));
    }

    /** Hashes {@code length} bytes of {@code bytes} from {@code offset}. */
    public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** The running state, to restore with {@link #sha256(byte[])} or {@link #sha512(byte[])}. */
    public byte[] state() {
        return ((EncodableDigest) digest).getEncodedState();
    }

    /** Finishes the hash; lowercase hex. */
    public String hex() {
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
