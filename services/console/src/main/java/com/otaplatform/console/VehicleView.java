package com.otaplatform.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A vehicle with its attributes and ECUs. */
public record VehicleView(String name, String vin, Map<String, String> attributes, List<EcuView> ecus, Instant lastSeenTime,
                          Instant createTime) {

    /** One ECU and what it runs. */
    public record EcuView(String serial, String ecu, String hardwareId, String installedVersion, String installedTarget,
                          boolean primary) {
    }
}
