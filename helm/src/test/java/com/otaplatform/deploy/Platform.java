package com.otaplatform.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the deployment must know about the platform's services (mirrors the services' application.properties). */
final class Platform {

  static final Map<String, Integer> PORTS = Map.of(
      "console", 8080,
      "artifact-service", 8081,
      "signing-service", 8082,
      "rollout-service", 8083,
      "checkin-service", 8084);

  /** checkin-service's second port: vehicles, gRPC over mutual TLS. */
  static final int VEHICLE_PORT = 8443;

  static final List<String> SERVICES = List.of(
      "console", "artifact-service", "signing-service", "rollout-service", "checkin-service");

  static final Set<String> WITH_DATABASE = Set.of(
      "artifact-service", "signing-service", "rollout-service", "checkin-service");

  static final Set<String> WITH_S3 = Set.of("artifact-service", "checkin-service");

  /** gRPC peers: caller -> (env prefix -> callee). */
  static final Map<String, Map<String, String>> CALLS = Map.of(
      "rollout-service", Map.of("OTA_ARTIFACT", "artifact-service", "OTA_CHECKIN", "checkin-service"),
      "checkin-service", Map.of("OTA_ROLLOUT", "rollout-service", "OTA_SIGNING", "signing-service"),
      "console", Map.of("OTA_ARTIFACT", "artifact-service", "OTA_SIGNING", "signing-service",
          "OTA_ROLLOUT", "rollout-service", "OTA_CHECKIN", "checkin-service"));

  static final List<String> RECOMMENDED_LABELS = List.of(
      "app.kubernetes.io/name",
      "app.kubernetes.io/instance",
      "app.kubernetes.io/version",
      "app.kubernetes.io/part-of",
      "app.kubernetes.io/managed-by");

  /** The services that keep signing keys encrypted at rest, and the variable of their passphrase. */
  static final Map<String, String> KEY_PASSPHRASES = Map.of(
      "signing-service", "OTA_SIGNING_KEY_PASSPHRASE",
      "checkin-service", "OTA_DIRECTOR_KEY_PASSPHRASE");

  /** Environment variables that hold secrets: only ever from a secretKeyRef. */
  static final java.util.regex.Pattern SECRET_NAME =
      java.util.regex.Pattern.compile(".*(PASSWORD|SECRET|ACCESS_KEY|TOKEN|PASSPHRASE|CREDENTIAL).*");

  private Platform() {
  }
}
