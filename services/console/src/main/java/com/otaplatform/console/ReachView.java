package com.otaplatform.console;

import java.util.List;

/** What a draft rollout would reach (DryRunRollout): vehicles selected, per stage (cumulative), and those blocked, by cause. */
public record ReachView(long selected, List<Long> stageVehicles, long blockedIncompatibleHardware, long blockedAlreadyCurrent,
                        long blockedByOtherRollout) {
}
