package com.otaplatform.rollout;

import com.otaplatform.common.InstallPolicy;
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
        InstallPolicy installPolicy,
        int priority,
        UUID rollbackOf,
        RolloutState state,
        int currentStage,
        List<StageProgress> progress,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        long revision) {

    /** The rollout with a new state and stage, one revision later. */
    public Rollout moveTo(RolloutState newState, int newStage, Instant at) {
        return new Rollout(id, displayName, release, selector, stages, targets, installPolicy, priority, rollbackOf, newState, newStage, progress,
                createdBy, createdAt, at, revision + 1);
    }

    /** The rollout with these stage counters. */
    public Rollout withProgress(List<StageProgress> newProgress) {
        return new Rollout(id, displayName, release, selector, stages, targets, installPolicy, priority, rollbackOf, state, currentStage, newProgress,
                createdBy, createdAt, updatedAt, revision);
    }

    /** The rollout's resource name. */
    public String name() {
        return "rollouts/" + id;
    }

    /** The stages' cumulative shares of the selected fleet, in basis points, for bucketing. */
    public List<Integer> percentagesBp() {
        return stages.stream().map(Stage::percentageBp).toList();
    }

    /** Whether both rollouts have an image for the same ECU. */
    public boolean sharesEcuWith(Rollout other) {
        return targets.stream().anyMatch(mine -> other.targets.stream().anyMatch(theirs -> theirs.ecu().equals(mine.ecu())));
    }

    /** Whether the rollout is at its last stage. */
    public boolean atLastStage() {
        return currentStage == stages.size() - 1;
    }
}
