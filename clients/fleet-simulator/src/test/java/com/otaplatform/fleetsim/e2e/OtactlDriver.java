package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.otactl.Otactl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/** Runs otactl's real main in-process against the end-to-end platform, as a user or a CI job would. */
final class OtactlDriver {
    /** The CI client's credentials (roles release-engineer and operator). */
    static final Map<String, String> CI = Map.of("OTACTL_CLIENT_ID", "ota-ci", "OTACTL_CLIENT_SECRET", "ota-ci-secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configDir;
    private final Map<String, String> endpoints;

    /** otactl against the shared end-to-end platform. */
    OtactlDriver(Path configDir) {
        this(configDir, PlatformProcesses.ARTIFACT_PORT, PlatformProcesses.SIGNING_PORT, PlatformProcesses.ROLLOUT_PORT,
                PlatformProcesses.CHECKIN_PORT);
    }

    /** otactl against services on these ports. */
    OtactlDriver(Path configDir, int artifactPort, int signingPort, int rolloutPort, int checkinPort) {
        this.configDir = configDir;
        this.endpoints = Map.of("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + artifactPort, "OTACTL_SIGNING_ENDPOINT", "127.0.0.1:" + signingPort,
                "OTACTL_ROLLOUT_ENDPOINT", "127.0.0.1:" + rolloutPort, "OTACTL_FLEET_ENDPOINT", "127.0.0.1:" + checkinPort);
    }

    /** What one otactl run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    Result run(Map<String, String> credentials, String... args) {
        return start(credentials, args).result().join();
    }

    /** An otactl run under way, whose output can be read while it runs (for login, which waits for approval). */
    record Running(ByteArrayOutputStream out, ByteArrayOutputStream err, java.util.concurrent.CompletableFuture<Result> result) {
        String outSoFar() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    Running start(Map<String, String> credentials, String... args) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("OTACTL_CONFIG_DIR", configDir.toString());
        env.putAll(endpoints);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int code = Otactl.run(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        });
        return new Running(out, err, result);
    }

    /** Pushes {@code image} as adas-main firmware for adas-v3 and creates a release of it; returns the release as JSON. */
    JsonNode pushRelease(Path image, String version) throws Exception {
        JsonNode artifact = json("push", image.toString(), "--kind", "firmware", "--ecu", "adas-main", "--hw", "adas-v3",
                "--version", version, "--output", "json");
        return json("release", "create", "--name", "adas-" + version + "-" + System.nanoTime(),
                "--artifact", "adas-main=" + artifact.get("name").asText(), "--output", "json");
    }

    /** How long a rollout may take to get where a test waits for it: a bound for a machine under load, not a speed target. */
    private static final Duration ROLLOUT_WAIT = Duration.ofSeconds(180);

    /** Polls the rollout's status until {@code condition} holds; fails naming {@code what} after {@link #ROLLOUT_WAIT}. */
    JsonNode awaitRollout(String name, Predicate<JsonNode> condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(ROLLOUT_WAIT);
        JsonNode rollout = null;
        while (Instant.now().isBefore(deadline)) {
            rollout = json("rollout", "status", name, "--output", "json");
            if (condition.test(rollout)) {
                return rollout;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the rollout was not " + what + " within " + ROLLOUT_WAIT.toSeconds() + " s: " + rollout);
    }

    /** Runs as the CI client, expects success, and parses the JSON it printed. */
    JsonNode json(String... args) throws Exception {
        Result result = run(CI, args);
        assertThat(result.exitCode()).as("otactl %s: %s", String.join(" ", args), result.err()).isZero();
        return JSON.readTree(result.out());
    }
}
