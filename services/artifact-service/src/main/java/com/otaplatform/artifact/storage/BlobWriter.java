package com.otaplatform.artifact.storage;

/** Bytes on their way into the object store. */
public interface BlobWriter {

    /** Appends bytes; blocks while the store is behind. */
    void write(byte[] bytes);

    /** Waits until every byte is stored. */
    void finish();

    /** Gives up: the partial object is never made visible. */
    void abort(Throwable cause);
}
