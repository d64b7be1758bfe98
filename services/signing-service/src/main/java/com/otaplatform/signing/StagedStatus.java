package com.otaplatform.signing;

/** Staged metadata as ListStagedMetadata shows it: its signatures against the thresholds, and where it stands. */
public record StagedStatus(SigningProgress progress, StagedState state) {
}
