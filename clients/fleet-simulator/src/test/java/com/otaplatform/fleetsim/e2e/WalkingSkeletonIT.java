package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.fleetsim.FleetSimulator;
import com.otaplatform.otactl.Otactl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One update through the whole platform, as users drive it: a release engineer pushes with otactl,
 * creates a release and a rollout with one 100% stage and starts it; a simulated vehicle checks in,
 * downloads by presigned URL, verifies the hashes, installs and reports; otactl shows 1 of 1 succeeded.
 */
class WalkingSkeletonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PlatformProcesses platform;

    @TempDir
    Path work;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = PlatformProcesses.start();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result otactl(Map<String, String> credentials, String... args) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("OTACTL_CONFIG_DIR", work.resolve("otactl").toString());
        env.put("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + PlatformProcesses.ARTIFACT_PORT);
        env.put("OTACTL_ROLLOUT_ENDPOINT", "127.0.0.1:" + PlatformProcesses.ROLLOUT_PORT);
        env.put("OTACTL_SIGNING_ENDPOINT", "127.0.0.1:" + PlatformProcesses.SIGNING_PORT);
        env.put("OTACTL_FLEET_ENDPOINT", "127.0.0.1:" + PlatformProcesses.CHECKIN_PORT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Otactl.run(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final Map<String, String> CI = Map.of("OTACTL_CLIENT_ID", "ota-ci", "OTACTL_CLIENT_SECRET", "ota-ci-secret");

    private JsonNode otactlJson(String... args) throws Exception {
        Result result = otactl(CI, args);
        assertThat(result.exitCode()).as("otactl %s: %s", String.join(" ", args), result.err()).isZero();
        return JSON.readTree(result.out());
    }

    @Test
    void shouldDeliverOneUpdateEndToEnd() throws Exception {
        byte[] image = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(image);
        Path file = work.resolve("adas-2.4.1.img");
        Files.write(file, image);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));

        JsonNode artifact = otactlJson("push", file.toString(), "--kind", "firmware", "--ecu", "adas-main", "--hw", "adas-v3",
                "--version", "2.4.1", "--verify-hash", "--output", "json");
        assertThat(artifact.at("/digests/sha256").asText()).isEqualTo(sha256);

        JsonNode release = otactlJson("release", "create", "--name", "adas-" + System.nanoTime(),
                "--artifact", "adas-main=" + artifact.get("name").asText(), "--output", "json");
        JsonNode rollout = otactlJson("rollout", "create", "--release", release.get("name").asText(), "--name", "skeleton",
                "--stages", "100", "--output", "json");
        String rolloutName = rollout.get("name").asText();
        assertThat(otactl(CI, "rollout", "start", rolloutName).exitCode()).isZero();

        StringWriter simulatorOut = new StringWriter();
        int simulated = FleetSimulator.run(new PrintWriter(simulatorOut, true), "--endpoint", "127.0.0.1:" + PlatformProcesses.CHECKIN_PORT,
                "-n", "1", "--cycles", "2", "--poll-interval", "1s", "--seed", String.valueOf(System.nanoTime()),
                "--base-dir", work.resolve("fleet").toString(), "--output", "json");
        assertThat(simulated).as(simulatorOut.toString()).isZero();
        JsonNode summary = JSON.readTree(simulatorOut.toString());
        assertThat(summary.get("updatesSucceeded").asLong()).as(summary.toString()).isEqualTo(1);
        assertThat(summary.get("eventsPending").asLong()).isZero();

        JsonNode progress = awaitSucceeded(rolloutName, 1);
        assertThat(progress.at("/vehiclesReached").asLong()).isEqualTo(1);
        assertThat(progress.at("/vehiclesFailed").asLong()).isZero();
        Result status = otactl(CI, "rollout", "status", rolloutName);
        assertThat(status.out()).contains("1 of 1 vehicles succeeded");
    }

    private JsonNode awaitSucceeded(String rollout, long vehicles) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode stage = null;
        while (Instant.now().isBefore(deadline)) {
            stage = otactlJson("rollout", "status", rollout, "--output", "json").at("/progress/0");
            if (stage.at("/vehiclesSucceeded").asLong() == vehicles) {
                return stage;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the rollout did not count " + vehicles + " success(es) in 30 s: " + stage);
    }

    @Test
    void shouldRefusePeopleApisWithoutTokenOrRole() {
        Result anonymous = otactl(Map.of(), "rollout", "list");
        assertThat(anonymous.exitCode()).as(anonymous.err()).isEqualTo(3);
        Result viewer = otactl(Map.of("OTACTL_USERNAME", "viewer", "OTACTL_PASSWORD", "demo-viewer"),
                "rollout", "start", "rollouts/00000000-0000-0000-0000-000000000000");
        assertThat(viewer.exitCode()).as(viewer.err()).isEqualTo(4);
        assertThat(viewer.err()).containsIgnoringCase("permission");
    }
}
