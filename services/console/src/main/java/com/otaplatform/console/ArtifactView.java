package com.otaplatform.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored artifact with its digests and provenance. */
public record ArtifactView(String name, String id, String kind, String version, String fileName, long releaseCounter,
                          List<EcuTarget> targets, String sha256, String sha512, long length, String ciJob, String commit,
                          String uploadedBy, Map<String, String> labels, Instant createTime) {

    /** An ECU and hardware the artifact fits. */
    public record EcuTarget(String ecu, String hardwareId) {
    }
}
