package com.otaplatform.rollout;

import java.time.Instant;
import java.util.UUID;

/** One entry of a rollout's audit trail. */
public record RolloutEvent(
        UUID rollout,
        long sequence,
        RolloutState fromState,
        RolloutState toState,
        int stage,
        ActorKind actorKind,
        String actor,
        String reason,
        Instant at) {
}
