package com.otaplatform.checkin;

import com.otaplatform.common.Bucketing;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.Selector;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** A rollout check-in knows: it assigns updates while the rollout is serving (running, or completed and still retained). */
public record LiveRollout(UUID id, Selector selector, List<Integer> stagePercentagesBp, int currentStage, boolean serving,
        List<Target> targets, int priority, Instant createdAt, List<Stage> stages, InstallPolicy installPolicy) {

    /** A stage's cap (0: none) and how many vehicles it has reached, as rollout-service last counted. */
    public record Stage(long maxVehicles, long reached) {
    }

    /** The order in which rollouts claim a vehicle: higher priority first, then the older one. */
    public static final Comparator<LiveRollout> PRECEDENCE = Comparator.comparingInt(LiveRollout::priority).reversed()
            .thenComparing(LiveRollout::createdAt).thenComparing(LiveRollout::id);

    /** One image of the rollout. */
    public record Target(String ecu, String hardwareId, String sha256, String sha512, long length, String version, String targetName,
            long releaseCounter) {
    }

    /** The rollout's resource name. */
    public String name() {
        return "rollouts/" + id;
    }

    /** Whether the vehicle falls in a stage the rollout has reached. */
    public boolean reaches(String vin) {
        int stage = Bucketing.stageOf(Bucketing.bucket(id, vin), stagePercentagesBp);
        return stage >= 0 && stage <= currentStage;
    }

    /**
     * Whether the vehicle's stage has reached its cap, so that it takes no vehicle it has not
     * reached yet. The count lags check-ins by the outcome feed and the live push (a few seconds).
     */
    public boolean stageFull(String vin) {
        int stage = Bucketing.stageOf(Bucketing.bucket(id, vin), stagePercentagesBp);
        return stage >= 0 && stage < stages.size() && stages.get(stage).maxVehicles() > 0
                && stages.get(stage).reached() >= stages.get(stage).maxVehicles();
    }

    /** Whether both rollouts have an image for the same ECU. */
    public boolean sharesEcuWith(LiveRollout other) {
        return targets.stream().anyMatch(mine -> other.targets.stream().anyMatch(theirs -> theirs.ecu().equals(mine.ecu())));
    }
}
