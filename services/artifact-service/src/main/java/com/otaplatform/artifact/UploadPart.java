package com.otaplatform.artifact;

/** One stored part of an upload's multipart upload: its 1-based number, the store's etag and its size. */
public record UploadPart(int number, String etag, long size) {
}
