package com.otaplatform.rollout;

import java.time.Duration;

/**
 * The conditions a stage must meet before the rollout moves on: enough vehicles reported, a
 * failure rate at or under the limit, and the soak time over.
 */
public record Gate(long minVehiclesReported, int maxFailureRateBp, Duration soakTime, GateAction onFailure) {

    /** Vehicles that must have finished before the gate judges the failure rate (at least one). */
    public long sampleSize() {
        return Math.max(1, minVehiclesReported);
    }
}
