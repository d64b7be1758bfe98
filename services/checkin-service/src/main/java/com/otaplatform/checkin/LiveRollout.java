package com.otaplatform.checkin;

import com.otaplatform.common.Bucketing;
import com.otaplatform.common.Selector;
import java.util.List;
import java.util.UUID;

/** A rollout check-in knows: it assigns updates while the rollout is serving (running, or completed and still retained). */
public record LiveRollout(UUID id, Selector selector, List<Integer> stagePercentagesBp, int currentStage, boolean serving,
        List<Target> targets) {

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
}
