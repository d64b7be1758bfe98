package com.otaplatform.checkin;

import java.time.Instant;
import java.util.Map;

/** A vehicle registered for provisioning; {@code provisionedAt} is when its current factory token bought a certificate (null: not yet). */
public record Registration(String vin, Map<String, String> attributes, Instant registeredAt, Instant provisionedAt) {
}
