package com.otaplatform.checkin;

import com.otaplatform.common.InstallPolicy;
import java.time.Instant;
import java.util.List;

/** What a vehicle is told to install: every image of one rollout, with download URLs, and what it must satisfy first. */
public record Assignment(String rollout, String correlationId, List<Download> downloads, InstallPolicy installPolicy) {

    /** One image and where to fetch it. */
    public record Download(String ecuSerial, LiveRollout.Target target, String url, Instant urlExpiresAt) {
    }
}
