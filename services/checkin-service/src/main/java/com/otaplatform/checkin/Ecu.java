package com.otaplatform.checkin;

/** One ECU of a vehicle, as its last manifest reported it. */
public record Ecu(String serial, String ecu, String hardwareId, String installedVersion, String installedTarget, String installedSha256,
                  boolean primary) {
}
