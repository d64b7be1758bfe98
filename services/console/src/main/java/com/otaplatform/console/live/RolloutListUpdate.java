package com.otaplatform.console.live;

import com.otaplatform.console.RolloutView;
import java.util.List;

/** One server-sent event of the rollout list: every rollout as it is now, or an error that ends the stream. */
public record RolloutListUpdate(List<RolloutView> rollouts, RolloutUpdate.StreamError error) {
}
