package com.otaplatform.rollout;

import java.time.Instant;

/** Counters of one stage, fed by vehicle outcomes. */
public record StageProgress(StageState state, Instant startedAt, long reached, long succeeded, long failed, long inProgress,
        long baselineSucceeded, long baselineFailed) {

    /** Failure rate in basis points of vehicles with a final outcome. */
    public int failureRateBp() {
        return rateBp(failed, succeeded + failed);
    }

    /** Vehicles that finished since the gate last judged the stage failed (all of them if it never did). */
    public long finishedSinceBaseline() {
        return succeeded - baselineSucceeded + failed - baselineFailed;
    }

    /** Failure rate since that baseline, in basis points. */
    public int failureRateSinceBaselineBp() {
        return rateBp(failed - baselineFailed, finishedSinceBaseline());
    }

    private static int rateBp(long failures, long finished) {
        return finished == 0 ? 0 : (int) (failures * 10_000 / finished);
    }
}
