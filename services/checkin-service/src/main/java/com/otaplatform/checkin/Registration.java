package com.otaplatform.checkin;

import java.time.Instant;
import java.util.Map;

/** A vehicle registered for provisioning; {@code provisionedAt} is set once its factory token has bought a certificate. */
public record Registration(String vin, Map<String, String> attributes, Instant registeredAt, Instant provisionedAt) {
}
