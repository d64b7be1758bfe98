package com.otaplatform.rollout;

import java.time.Instant;

/** Counters of one stage, fed by vehicle outcomes. */
public record StageProgress(StageState state, Instant startedAt, long reached, long succeeded, long failed, long inProgress) {

    /** Failure rate in basis points of vehicles with a final outcome. */
    public int failureRateBp() {
        long finished = succeeded + failed;
        return finished == 0 ? 0 : (int) (failed * 10_000 / finished);
    }
}
