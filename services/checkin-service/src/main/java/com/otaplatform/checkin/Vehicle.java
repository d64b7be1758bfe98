package com.otaplatform.checkin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A vehicle as it last checked in. */
public record Vehicle(String vin, Map<String, String> attributes, List<Ecu> ecus, Instant lastSeen, Instant createdAt) {
}
