package com.otaplatform.console;

import java.time.Instant;
import java.util.List;

/** A release: one artifact per ECU, its state and provenance. */
public record ReleaseView(String name, String id, String displayName, String state, String notes, String supersedes,
                          String createdBy, Instant createTime, List<ReleaseArtifactView> artifacts) {

    /** One ECU's image in the release; {@code details} is null when the list call did not fill it in. */
    public record ReleaseArtifactView(String ecu, String artifact, ArtifactView details) {
    }
}
