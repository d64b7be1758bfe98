package com.otaplatform.otactl.upload;

/** Hears how an upload goes; called from gRPC threads. */
public interface UploadListener extends AutoCloseable {
    UploadListener NONE = new UploadListener() {
    };

    /** The upload starts (or resumes) at {@code offset} of {@code total} bytes. */
    default void started(long offset, long total) {
    }

    /** {@code position} bytes of the file have been handed to the transport. */
    default void progressed(long position) {
    }

    /** The stream broke at {@code committedOffset}; attempt {@code attempt} resumes from there. */
    default void resuming(long committedOffset, int attempt, Throwable cause) {
    }

    @Override
    default void close() {
    }
}
