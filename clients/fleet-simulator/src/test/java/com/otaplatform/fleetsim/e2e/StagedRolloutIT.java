package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged rollout that stops itself: the first stage's vehicles fail too often, the gate pauses
 * the rollout; an operator resumes it, healthy vehicles pass the gate again, and the rollout moves
 * through its stages to completion with every healthy vehicle on the new version.
 */
class StagedRolloutIT {
    private static final String RUN = "staged";

    @TempDir
    Path work;

    private OtactlDriver otactl;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
    }

    private JsonNode simulate(String seed, int vehicles, String failInstall, String duration) throws Exception {
        var simulated = PlatformProcesses.simulate(work, PlatformProcesses.SIGNING_PORT, PlatformProcesses.CHECKIN_PORT,
                "-n", String.valueOf(vehicles), "--cycles", "0", "--duration", duration, "--poll-interval", "1s", "--seed", seed,
                "--attr", "e2e-run=" + RUN, "--fail-install", failInstall, "--base-dir", work.resolve("fleet-" + seed).toString());
        assertThat(simulated.exitCode()).as(simulated.output()).isZero();
        return simulated.summary();
    }


    @Test
    void shouldPauseItselfOnFailuresThenCompleteAfterResume() throws Exception {
        byte[] image = new byte[256 * 1024];
        new Random(7).nextBytes(image);
        Path file = work.resolve("adas-3.0.0.img");
        Files.write(file, image);
        String release = otactl.pushRelease(file, "3.0.0").get("name").asText();
        String rollout = otactl.json("rollout", "create", "--release", release, "--name", "staged", "--select", "e2e-run = '" + RUN + "'",
                "--stages", "20,100", "--max-failure-rate", "20%", "--min-reported", "3", "--soak", "0s", "--output", "json")
                .get("name").asText();
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();

        // a fleet whose installs fail half the time: the first stage's gate must stop the rollout
        JsonNode failing = simulate("101", 60, "0.5", "20s");
        assertThat(failing.get("updatesFailed").asLong()).isPositive();
        JsonNode paused = otactl.awaitRollout(rollout, r -> r.get("state").asText().equals("ROLLOUT_STATE_PAUSED"), "paused by its gate");
        assertThat(paused.get("currentStage").asInt()).isZero();
        assertThat(paused.at("/progress/0/state").asText()).isEqualTo("STAGE_STATE_FAILED");
        assertThat(paused.at("/progress/1/vehiclesReached").asLong()).as("no vehicle of the next stage was told to install").isZero();
        JsonNode events = otactl.json("rollout", "events", rollout, "--output", "json");
        assertThat(events.toString()).contains("ACTOR_KIND_GATE", "is over the gate's 20.00%");

        // the operator resumes; a healthy fleet passes the gate and the rollout runs to completion
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "resume", rollout, "--reason", "bad batch isolated").exitCode()).isZero();
        JsonNode healthy = simulate("202", 60, "0", "40s");
        JsonNode completed = otactl.awaitRollout(rollout, r -> r.get("state").asText().equals("ROLLOUT_STATE_COMPLETED"), "completed");
        assertThat(completed.at("/progress/1/state").asText()).isEqualTo("STAGE_STATE_PASSED");
        assertThat(healthy.get("updatesSucceeded").asLong()).as("every healthy vehicle ends on 3.0.0: " + healthy).isEqualTo(60);
        assertThat(healthy.get("eventsPending").asLong()).isZero();
    }
}
