package com.otaplatform.artifact.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Limits and lifetimes of artifacts, uploads and download URLs. */
@ConfigMapping(prefix = "ota.artifact")
public interface ArtifactConfig {
    /** Largest artifact accepted, in bytes. */
    long maxArtifactBytes();

    /** How long a presigned download URL works. */
    Duration downloadUrlTtl();

    /** How long an unfinished upload is kept. */
    Duration uploadTtl();
}
