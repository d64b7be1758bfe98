package com.otaplatform.artifact;

/** Length and digests of stored bytes, in lowercase hex. */
public record Digests(String sha256, String sha512, long length) {
}
