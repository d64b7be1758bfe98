package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One update through the whole platform, as users drive it: a release engineer pushes with otactl,
 * creates a release and a rollout with one 100% stage and starts it; a simulated vehicle checks in,
 * verifies the director's and the image repository's metadata, downloads by presigned URL, checks the
 * signed hashes, installs and reports; otactl shows 1 of 1 succeeded.
 */
class WalkingSkeletonIT {

    @TempDir
    Path work;

    private OtactlDriver otactl;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
    }

    private JsonNode otactlJson(String... args) throws Exception {
        return otactl.json(args);
    }

    @Test
    void shouldDeliverOneUpdateEndToEnd() throws Exception {
        byte[] image = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(image);
        Path file = work.resolve("adas-2.4.1.img");
        Files.write(file, image);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));

        JsonNode release = otactl.pushRelease(file, "2.4.1");
        assertThat(release.at("/artifacts/0/details/digests/sha256").asText()).isEqualTo(sha256);
        JsonNode rollout = otactlJson("rollout", "create", "--release", release.get("name").asText(), "--name", "skeleton",
                "--select", "e2e-run = 'skeleton'", "--stages", "100", "--output", "json");
        String rolloutName = rollout.get("name").asText();
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rolloutName).exitCode()).isZero();

        var simulated = PlatformProcesses.simulate(PlatformProcesses.CHECKIN_PORT,
                "-n", "1", "--cycles", "2", "--poll-interval", "1s", "--seed", String.valueOf(System.nanoTime()), "--attr", "e2e-run=skeleton",
                "--base-dir", work.resolve("fleet").toString());
        assertThat(simulated.exitCode()).as(simulated.output()).isZero();
        JsonNode summary = simulated.summary();
        assertThat(summary.get("updatesSucceeded").asLong()).as(summary.toString()).isEqualTo(1);
        assertThat(summary.get("eventsPending").asLong()).isZero();

        JsonNode progress = awaitSucceeded(rolloutName, 1);
        assertThat(progress.at("/vehiclesReached").asLong()).isEqualTo(1);
        assertThat(progress.at("/vehiclesFailed").asLong()).isZero();
        OtactlDriver.Result status = otactl.run(OtactlDriver.CI, "rollout", "status", rolloutName);
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
        OtactlDriver.Result anonymous = otactl.run(Map.of(), "rollout", "list");
        assertThat(anonymous.exitCode()).as(anonymous.err()).isEqualTo(3);
        OtactlDriver.Result viewer = otactl.run(Map.of("OTACTL_USERNAME", "viewer", "OTACTL_PASSWORD", "demo-viewer"),
                "rollout", "start", "rollouts/00000000-0000-0000-0000-000000000000");
        assertThat(viewer.exitCode()).as(viewer.err()).isEqualTo(4);
        assertThat(viewer.err()).containsIgnoringCase("permission");
    }
}
