package com.otaplatform.checkin;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A vehicle as it last checked in. */
public record Vehicle(String vin, Map<String, String> attributes, List<Ecu> ecus, Instant lastSeen, Instant createdAt) {

    /** The same vehicle with other attributes. */
    public Vehicle withAttributes(Map<String, String> other) {
        return new Vehicle(vin, other, ecus, lastSeen, createdAt);
    }

    /** The installed version of each ECU, by ECU identifier, as selectors read them. */
    public Map<String, String> installedVersions() {
        Map<String, String> versions = new HashMap<>();
        ecus.forEach(ecu -> versions.putIfAbsent(ecu.ecu(), ecu.installedVersion()));
        return versions;
    }
}
