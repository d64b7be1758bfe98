package com.otaplatform.artifact;

/** One ECU's artifact in a release. */
public record ReleaseArtifact(String ecu, Artifact artifact) {
}
