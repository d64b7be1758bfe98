package com.otaplatform.artifact;

/** What kind of software an artifact is. */
public enum ArtifactKind {
    FIRMWARE, AD_MODEL, CONFIGURATION
}
