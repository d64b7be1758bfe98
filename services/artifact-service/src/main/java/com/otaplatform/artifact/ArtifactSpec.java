package com.otaplatform.artifact;

import java.util.List;
import java.util.Map;

/** What the uploader declares about an artifact, with the uploader's identity. */
public record ArtifactSpec(
        ArtifactKind kind,
        List<EcuTarget> targets,
        String version,
        String fileName,
        long releaseCounter,
        String ciJob,
        String commit,
        String uploadedBy,
        Map<String, String> labels) {
}
