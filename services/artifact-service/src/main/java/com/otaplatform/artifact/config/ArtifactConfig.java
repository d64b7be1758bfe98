package com.otaplatform.artifact.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** Size of every multipart part but the last; a resumed write starts at a multiple of it. S3 wants at least 5 MiB. */
    @WithDefault("16777216")
    int partBytes();

    /** Largest range copied in one server-side request when a staged object becomes a blob (S3 allows 5 GiB). */
    @WithDefault("5368709120")
    long copyPartBytes();

    /** How often open uploads past their expiry are cancelled and their parts deleted. */
    @WithDefault("10M")
    Duration cleanupInterval();
}
