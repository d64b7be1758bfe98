package com.otaplatform.artifact;

/** An ECU and the hardware it runs on, which an artifact fits. */
public record EcuTarget(String ecu, String hardwareId) {
}
