package com.otaplatform.agent;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the vehicle is: its VIN, the targeting attributes it reports, and its ECUs. The first ECU
 * is the primary ECU, which assembles the vehicle manifest.
 */
public record VehicleIdentity(String vin, Map<String, String> attributes, List<EcuConfig> ecus) {

  /** 17 characters of the ISO 3779 alphabet (digits and capitals without I, O, Q). */
  private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");

  public VehicleIdentity {
    Objects.requireNonNull(vin, "vin");
    if (!VIN.matcher(vin).matches()) {
      throw new IllegalArgumentException("VIN must be 17 characters of [A-HJ-NPR-Z0-9], got '" + vin + "'");
    }
    attributes = Map.copyOf(new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
    ecus = List.copyOf(ecus == null ? List.of() : ecus);
    if (ecus.isEmpty()) {
      throw new IllegalArgumentException("a vehicle needs at least one ECU");
    }
    Set<String> serials = new HashSet<>();
    for (EcuConfig ecu : ecus) {
      if (!serials.add(ecu.serial())) {
        throw new IllegalArgumentException("duplicate ECU serial " + ecu.serial());
      }
    }
  }

  public EcuConfig primaryEcu() {
    return ecus.get(0);
  }

  public Optional<EcuConfig> ecu(String serial) {
    return ecus.stream().filter(e -> e.serial().equals(serial)).findFirst();
  }
}
