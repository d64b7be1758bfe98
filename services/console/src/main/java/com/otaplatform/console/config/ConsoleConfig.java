package com.otaplatform.console.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Where the console finds the other services and how it keeps its pages live. */
@ConfigMapping(prefix = "ota.console")
public interface ConsoleConfig {
    /** host:port of artifact-service (gRPC, plaintext h2c). */
    String artifactEndpoint();

    /** host:port of rollout-service. */
    String rolloutEndpoint();

    /** host:port of checkin-service (FleetService). */
    String fleetEndpoint();

    /** host:port of signing-service (the image repository's metadata). */
    String signingEndpoint();

    /** Deadline of one gRPC call. */
    Duration callTimeout();

    /** How often the rollout list is re-read for its server-sent events (one rollout is watched with WatchRollout). */
    Duration livePoll();

    /** How long one event stream lasts before the browser reconnects. */
    Duration liveStreamMax();

    /** Outcome samples kept per rollout. */
    int maxSamples();
}
