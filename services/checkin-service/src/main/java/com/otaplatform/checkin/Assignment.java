package com.otaplatform.checkin;

import java.time.Instant;
import java.util.List;

/** What a vehicle is told to install: every image of one rollout, with download URLs. */
public record Assignment(String rollout, String correlationId, List<Download> downloads) {

    /** One image and where to fetch it. */
    public record Download(String ecuSerial, LiveRollout.Target target, String url, Instant urlExpiresAt) {
    }
}
