package com.otaplatform.artifact;

import java.util.List;

/**
 * What a resumed write needs: the upload, the parts stored so far, and the running SHA-256 and
 * SHA-512 states after the first {@code upload.committedOffset()} bytes (null before any part).
 */
public record UploadProgress(Upload upload, List<UploadPart> parts, byte[] sha256State, byte[] sha512State) {
}
