package com.otaplatform.artifact;

/**
 * Where an upload's next stream can continue hashing in this process: the running SHA-256 and SHA-512
 * after the first {@code offset} bytes, taken when the part ending there was recorded. Never updated
 * once taken; a writer hashes copies of it.
 */
public record ResumePoint(long offset, RunningDigest sha256, RunningDigest sha512) {

    /** The start of every upload. */
    static ResumePoint start() {
        return new ResumePoint(0, RunningDigest.sha256(), RunningDigest.sha512());
    }
}
