package com.otaplatform.checkin.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Poll pacing and URL lifetimes of check-in. */
@ConfigMapping(prefix = "ota.checkin")
public interface CheckinConfig {
    /** Mean time between two check-ins of a vehicle. */
    Duration pollInterval();

    /** Spread of the poll interval, as a fraction (0.2 = plus or minus 20%), so that vehicles do not synchronise. */
    double pollJitter();

    /** How long a presigned download URL works. */
    Duration downloadUrlTtl();

    /** Wait before reconnecting to rollout-service's live rollout stream. */
    Duration liveRolloutsRetry();

    /** Vehicle calls served at once; more are refused with RESOURCE_EXHAUSTED. */
    int maxInFlight();

    /** How often the vehicle CA and its revocation list are read again from signing-service. */
    Duration vehicleCaRefresh();

    /** Least delay a refused vehicle is told to wait (up to twice this, spread at random). */
    Duration shedRetryAfter();
}
