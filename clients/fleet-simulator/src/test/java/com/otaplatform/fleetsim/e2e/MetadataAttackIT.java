package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metadata attack through the whole platform: a man in the middle rewrites the check-in response so
 * that the assignment names another image. The vehicle checks it against the director metadata that
 * checkin-service signed for it, refuses it before downloading, keeps running what it had, and the
 * refusal with its named error reaches the rollout as a failure.
 */
class MetadataAttackIT {
    @TempDir
    Path work;

    private OtactlDriver otactl;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
    }

    @Test
    void shouldRefuseAnAssignmentWhoseImageDoesNotMatchTheDirectorAndReportIt() throws Exception {
        byte[] image = new byte[64 * 1024];
        new Random(13).nextBytes(image);
        Path file = work.resolve("adas-5.0.0.img");
        Files.write(file, image);
        String release = otactl.pushRelease(file, "5.0.0").get("name").asText();
        String rollout = otactl.json("rollout", "create", "--release", release, "--name", "attack", "--select", "e2e-run = 'attack'",
                "--stages", "100", "--output", "json").get("name").asText();
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();

        var simulated = PlatformProcesses.simulate(PlatformProcesses.CHECKIN_PORT, "-n", "1",
                "--cycles", "2", "--poll-interval", "1s", "--seed", String.valueOf(System.nanoTime()), "--attr", "e2e-run=attack",
                "--tamper-assignment", "1", "--base-dir", work.resolve("fleet").toString());
        assertThat(simulated.exitCode()).as(simulated.output()).isZero();

        JsonNode summary = simulated.summary();
        assertThat(summary.get("updatesFailed").asLong()).as(summary.toString()).isEqualTo(1);
        assertThat(summary.get("updatesSucceeded").asLong()).isZero();
        assertThat(summary.at("/errorCodes/DIRECTOR_MISMATCH").asLong()).isEqualTo(1);
        JsonNode failed = otactl.awaitRollout(rollout, r -> r.at("/progress/0/vehiclesFailed").asLong() == 1, "counting the refusal");
        assertThat(failed.at("/progress/0/vehiclesSucceeded").asLong()).isZero();
        try (Connection db = PlatformProcesses.shared().database(); PreparedStatement sql = db.prepareStatement(
                "select phase, error_code from checkin.status_event where rollout = ? and phase <> 'ASSIGNED' order by sequence")) {
            sql.setString(1, rollout);
            ResultSet events = sql.executeQuery();
            List<String> reported = new ArrayList<>();
            while (events.next()) {
                reported.add(events.getString(1) + ":" + events.getString(2));
            }
            assertThat(reported).as("refused before any download").containsExactly("FAILED:DIRECTOR_MISMATCH");
        }
        // the vehicle keeps its running slot: its last manifest still reports no installed image
        try (Connection db = PlatformProcesses.shared().database(); PreparedStatement sql = db.prepareStatement(
                "select ecus->0->>'installedVersion' from checkin.vehicle where attributes->>'e2e-run' = 'attack'")) {
            ResultSet vehicle = sql.executeQuery();
            assertThat(vehicle.next()).isTrue();
            assertThat(vehicle.getString(1)).isEmpty();
        }
    }
}
