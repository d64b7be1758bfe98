package com.otaplatform.artifact;

import java.time.Instant;
import java.util.UUID;

/** A verified artifact whose bytes are stored under {@code blobs/sha256/<sha256>}. */
public record Artifact(UUID id, ArtifactSpec spec, Digests digests, Instant createdAt) {
}
