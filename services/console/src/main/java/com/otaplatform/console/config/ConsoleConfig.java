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

    /** Deadline of one gRPC call. */
    Duration callTimeout();

    /** How often a watched rollout is re-read for server-sent events. */
    Duration livePoll();

    /** How long one event stream lasts before the browser reconnects. */
    Duration liveStreamMax();

    /** Outcome samples kept per rollout. */
    int maxSamples();
}
