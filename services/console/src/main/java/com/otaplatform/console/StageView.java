package com.otaplatform.console;

import java.time.Instant;

/** One stage of a rollout with its gate and progress; shares and rates in basis points. */
public record StageView(
        int index,
        int percentageBp,
        String state,
        long reached,
        long succeeded,
        long failed,
        long inProgress,
        int failureRateBp,
        Instant startTime,
        GateView gate) {

    /** The conditions the stage must meet; null on a stage without a gate. */
    public record GateView(long minVehiclesReported, int maxFailureRateBp, long soakSeconds, String onFailure) {
    }
}
