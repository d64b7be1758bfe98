package com.otaplatform.console.live;

import com.otaplatform.console.OutcomeSample;
import com.otaplatform.console.RolloutEventView;
import com.otaplatform.console.RolloutView;
import java.util.List;

/**
 * One server-sent event of a rollout page: the rollout as it is now, the newest outcome sample (if
 * one was taken), the audit trail when it changed (else null), or an error that ends the stream.
 */
public record RolloutUpdate(RolloutView rollout, OutcomeSample sample, List<RolloutEventView> events, StreamError error) {

    /** Why a stream ended early; the page shows it and the browser reconnects. */
    public record StreamError(String code, String service, String message) {
    }
}
