package com.otaplatform.artifact.storage;

import java.time.Duration;

/** Where artifact bytes live: staged uploads, then content-addressed blobs. */
public interface ArtifactStorage {

    /** Starts writing a staged object of exactly {@code length} bytes. */
    BlobWriter openStaging(String stagingKey, long length);

    /** Makes staged bytes the blob of {@code sha256} (a no-op copy when that blob exists) and drops the staged object. */
    void promote(String stagingKey, String sha256);

    /** Deletes a staged object, if it is there. */
    void discard(String stagingKey);

    /** A presigned GET URL for the blob of {@code sha256}, with range support. */
    String presignDownload(String sha256, Duration ttl);

    /** The key of the blob of {@code sha256}. */
    static String blobKey(String sha256) {
        return "blobs/sha256/" + sha256;
    }
}
