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
        List<Stage> stages,
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
        return new Rollout(id, displayName, release, selector, stages, targets, newState, newStage, progress,
                createdBy, createdAt, at, revision + 1);
    }

    /** The stages' cumulative shares of the selected fleet, in basis points, for bucketing. */
    public List<Integer> percentagesBp() {
        return stages.stream().map(Stage::percentageBp).toList();
    }

    /** Whether the rollout is at its last stage. */
    public boolean atLastStage() {
        return currentStage == stages.size() - 1;
    }
}
