package com.otaplatform.console;

import java.time.Instant;
import java.util.List;

/** A rollout as the console shows it: lifecycle, stages with their progress, totals, targets, and the rollout it rolls back (or empty). */
public record RolloutView(
        String name,
        String id,
        String displayName,
        String release,
        String selector,
        String state,
        int currentStage,
        List<StageView> stages,
        Totals totals,
        List<TargetView> targets,
        String createdBy,
        Instant createTime,
        Instant updateTime,
        long revision,
        String rollbackOf) {

    /** Vehicle counts over every stage. */
    public record Totals(long reached, long succeeded, long failed, long inProgress) {
    }

    /** One image of the rollout's release. */
    public record TargetView(String ecu, String hardwareId, String artifact, String version, String sha256, long length) {
    }
}
