package com.otaplatform.agent;

import java.util.Objects;

/**
 * One ECU of the vehicle as the agent manages it.
 *
 * @param serial ECU serial number, unique in the vehicle (also the name of its state directory)
 * @param ecu ECU identifier within the vehicle architecture, for example {@code adas-main}
 * @param hardwareId hardware identifier, for example {@code adas-v3}
 */
public record EcuConfig(String serial, String ecu, String hardwareId) {

  public EcuConfig {
    requireToken(serial, "ECU serial");
    requireToken(ecu, "ECU id");
    requireToken(hardwareId, "hardware id");
  }

  /** Parses {@code serial:ecu:hardwareId}. */
  public static EcuConfig parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String[] parts = spec.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("ECU must be serial:ecu:hardwareId, got '" + spec + "'");
    }
    return new EcuConfig(parts[0].trim(), parts[1].trim(), parts[2].trim());
  }

  private static void requireToken(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    // The serial becomes a directory name: keep it to a safe alphabet.
    if (!value.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(what + " '" + value + "' may only contain letters, digits, '.', '_' and '-'");
    }
  }
}
