package com.otaplatform.console;

import java.time.Instant;
import java.util.List;

/** A release: one artifact per ECU, its state, provenance, and the targets metadata version that first listed it (0: unsigned). */
public record ReleaseView(String name, String id, String displayName, String state, String notes, String supersedes,
                          String createdBy, Instant createTime, long targetsVersion, List<ReleaseArtifactView> artifacts) {

    /** One ECU's image in the release; {@code details} is null when the list call did not fill it in. */
    public record ReleaseArtifactView(String ecu, String artifact, ArtifactView details) {
    }
}
