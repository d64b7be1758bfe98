package com.otaplatform.rollout;

/** One image of the rollout's release, resolved when the rollout was created. */
public record RolloutTarget(
        String ecu,
        String hardwareId,
        String artifact,
        String sha256,
        String sha512,
        long length,
        String version,
        String targetName,
        long releaseCounter) {
}
