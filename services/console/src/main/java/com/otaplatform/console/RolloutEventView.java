package com.otaplatform.console;

import java.time.Instant;

/** One entry of a rollout's audit trail. */
public record RolloutEventView(long sequence, String fromState, String toState, int stage, String actorKind, String actor,
                               String reason, Instant time) {
}
