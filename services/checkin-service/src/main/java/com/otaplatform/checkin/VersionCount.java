package com.otaplatform.checkin;

/** How many vehicles run one version of an ECU; the version is empty for ECUs that report none. */
public record VersionCount(String version, long vehicles) {
}
