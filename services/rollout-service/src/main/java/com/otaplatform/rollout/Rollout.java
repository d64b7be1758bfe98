package com.otaplatform.rollout;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A staged rollout of one release to the vehicles its selector matches. */
public record Rollout(
        UUID id,
        String displayName,
        String release,
        String selector,
        List<Integer> stagePercentagesBp,
        List<RolloutTarget> targets,
        RolloutState state,
        int currentStage,
        List<StageProgress> progress,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        long revision) {

    /** The rollout with a new state and stage, one revision later. */
    public Rollout moveTo(RolloutState newState, int newStage, Instant at) {
        return new Rollout(id, displayName, release, selector, stagePercentagesBp, targets, newState, newStage, progress,
                createdBy, createdAt, at, revision + 1);
    }
}
