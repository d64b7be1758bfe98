package com.otaplatform.console;

/** How many vehicles run one version of an ECU. */
public record VersionCountView(String version, long vehicles) {
}
