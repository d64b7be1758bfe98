package com.otaplatform.artifact;

import com.otaplatform.artifact.storage.ArtifactStorage;
import java.time.Instant;
import java.util.UUID;

/**
 * An upload of one artifact: what was declared and how far it got. Its parts are staged under
 * {@code stagingKey}, invisible to downloads until they are joined: the blob's own key when the
 * upload declared its SHA-256, else {@code uploads/<id>}.
 */
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
        String multipartId,
        String stagingKey) {

    /** Where an upload of {@code id} stages its parts. */
    public static String stagingKey(UUID id, String declaredSha256) {
        return declaredSha256.isEmpty() ? "uploads/" + id : ArtifactStorage.blobKey(declaredSha256);
    }

    /** Whether joining the parts stores the blob itself, with no copy. */
    public boolean stagesAtBlob() {
        return !declaredSha256.isEmpty() && stagingKey.equals(ArtifactStorage.blobKey(declaredSha256));
    }
}
