package com.otaplatform.artifact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A named, immutable set of artifacts, one per ECU. */
public record Release(
        UUID id,
        String displayName,
        List<ReleaseArtifact> artifacts,
        String notes,
        ReleaseState state,
        UUID supersedes,
        String createdBy,
        Instant createdAt,
        long targetsVersion) {
}
