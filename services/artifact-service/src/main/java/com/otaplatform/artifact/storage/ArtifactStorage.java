package com.otaplatform.artifact.storage;

import com.otaplatform.artifact.UploadPart;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/** Where artifact bytes live: staged uploads in parts, then content-addressed blobs. */
public interface ArtifactStorage {

    /** Starts a multipart upload under {@code stagingKey}; returns its id in the store. */
    String startParts(String stagingKey);

    /** Stores part {@code number} (1-based): the first {@code length} bytes of {@code bytes}. */
    UploadPart storePart(String stagingKey, String multipartId, int number, byte[] bytes, int length);

    /** Joins the parts, in order, into the staged object. */
    void completeParts(String stagingKey, String multipartId, List<UploadPart> parts);

    /** Drops a multipart upload with every part stored for it; nothing happens when it is gone already. */
    void abortParts(String stagingKey, String multipartId);

    /** The parts the store holds for a multipart upload; empty when it was completed or aborted. */
    List<UploadPart> storedParts(String stagingKey, String multipartId);

    /** Reads a stored object from its start, such as a staged upload once its parts are joined; the caller closes the stream. */
    InputStream read(String key);

    /** Makes the staged object of {@code length} bytes the blob of {@code sha256} (kept when that blob exists) and drops the staged object. */
    void promote(String stagingKey, String sha256, long length);

    /** Deletes a staged object, if it is there. */
    void discard(String stagingKey);

    /** Whether the blob of {@code sha256} is stored. */
    boolean blobExists(String sha256);

    /** Deletes the blob of {@code sha256}, if it is there. */
    void deleteBlob(String sha256);

    /** A presigned GET URL for the blob of {@code sha256}, with range support. */
    String presignDownload(String sha256, Duration ttl);

    /** The key of the blob of {@code sha256}. */
    static String blobKey(String sha256) {
        return "blobs/sha256/" + sha256;
    }
}
