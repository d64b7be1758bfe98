package com.otaplatform.rollout;

import java.util.List;

/** What a draft rollout would reach: vehicles selected, reached per stage (cumulative), and blocked, by cause. */
public record RolloutReach(long selected, List<Long> stageVehicles, long incompatibleHardware, long alreadyCurrent, long heldByOther) {
}
