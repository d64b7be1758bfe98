package com.otaplatform.artifact;

import java.time.Instant;
import java.util.UUID;

/** An upload of one artifact: what was declared and how far it got. */
public record Upload(
        UUID id,
        ArtifactSpec spec,
        long declaredLength,
        String declaredSha256,
        String declaredSha512,
        UploadState state,
        long committedOffset,
        UUID artifactId,
        Instant expiresAt,
        String multipartId) {

    /** Its staging key in the object store, invisible to downloads. */
    public String stagingKey() {
        return "uploads/" + id;
    }
}
