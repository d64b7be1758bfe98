package com.otaplatform.rollout;

import java.time.Instant;
import java.util.Locale;

/** What a stage's gate says now: hold, pass (move on) or fail (pause or abort), and why. */
public record GateVerdict(Outcome outcome, String reason) {

    /** The three things a gate can say. */
    public enum Outcome {
        HOLD, PASS, FAIL
    }

    /** Judges a stage by its gate; a stage without a gate holds until an operator advances it. */
    public static GateVerdict judge(Gate gate, StageProgress progress, Instant now) {
        if (gate == null) {
            return new GateVerdict(Outcome.HOLD, "no gate: an operator advances this stage");
        }
        long finished = progress.finishedSinceBaseline();
        int rate = progress.failureRateSinceBaselineBp();
        if (finished >= gate.sampleSize() && rate > gate.maxFailureRateBp()) {
            return new GateVerdict(Outcome.FAIL, String.format(Locale.ROOT, "failure rate %s is over the gate's %s (%d of %d vehicles failed)",
                    percent(rate), percent(gate.maxFailureRateBp()), progress.failed() - progress.baselineFailed(), finished));
        }
        if (finished < gate.minVehiclesReported()) {
            return new GateVerdict(Outcome.HOLD, "waiting for " + gate.minVehiclesReported() + " vehicles to report");
        }
        if (progress.startedAt() == null || progress.startedAt().plus(gate.soakTime()).isAfter(now)) {
            return new GateVerdict(Outcome.HOLD, "soaking for " + gate.soakTime());
        }
        return new GateVerdict(Outcome.PASS, String.format(Locale.ROOT, "failure rate %s within the gate's %s after %d vehicles reported and %s soak",
                percent(rate), percent(gate.maxFailureRateBp()), finished, gate.soakTime()));
    }

    private static String percent(int basisPoints) {
        return String.format(Locale.ROOT, "%.2f%%", basisPoints / 100.0);
    }
}
