package com.otaplatform.tuf.uptane;

/** An ECU of the vehicle as the primary knows it: serial, hardware id, release counter of what it runs. */
public record Ecu(String serial, String hardwareId, long installedReleaseCounter) {
}
