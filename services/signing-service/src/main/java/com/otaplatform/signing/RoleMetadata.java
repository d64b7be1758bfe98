package com.otaplatform.signing;

import java.time.Instant;

/** One signed version of one role of the image repository, as served. */
public record RoleMetadata(String role, long version, byte[] bytes, Instant expiresAt) {
}
