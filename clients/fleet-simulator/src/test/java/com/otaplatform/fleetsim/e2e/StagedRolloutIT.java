package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged rollout that stops itself, in stages of 1%, 10% and 100%: the first stage's vehicles fail
 * too often, the gate pauses the rollout; an operator resumes it, healthy vehicles pass the gate again,
 * and the rollout moves through its stages to completion with every healthy vehicle on the new version.
 * Stage membership is by hash over the whole bucket space, so each fleet has 1,000 vehicles: about 10
 * of them fall in the 1% stage, enough for its gate's 3 reports.
 */
class StagedRolloutIT {
    private static final String RUN = "staged";
    private static final int FLEET = 1000;

    @TempDir
    Path work;

    private OtactlDriver otactl;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
    }

    private JsonNode simulate(String seed, String failInstall, String... run) throws Exception {
        List<String> args = new ArrayList<>(List.of("-n", String.valueOf(FLEET), "--cycles", "0", "--poll-interval", "2s",
                "--seed", seed, "--attr", "e2e-run=" + RUN, "--fail-install", failInstall, "--base-dir", work.resolve("fleet-" + seed).toString()));
        args.addAll(List.of(run));
        var simulated = PlatformProcesses.simulate(PlatformProcesses.CHECKIN_PORT,
                args.toArray(String[]::new));
        assertThat(simulated.exitCode()).as(simulated.output()).isZero();
        return simulated.summary();
    }


    @Test
    void shouldPauseItselfOnFailuresThenCompleteAfterResume() throws Exception {
        byte[] image = new byte[64 * 1024];
        new Random(7).nextBytes(image);
        Path file = work.resolve("adas-3.0.0.img");
        Files.write(file, image);
        String release = otactl.pushRelease(file, "3.0.0").get("name").asText();
        String rollout = otactl.json("rollout", "create", "--release", release, "--name", "staged", "--select", "e2e-run = '" + RUN + "'",
                "--stages", "1,10,100", "--max-failure-rate", "20%", "--min-reported", "3", "--soak", "0s", "--output", "json")
                .get("name").asText();
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();

        // a fleet whose installs fail nine times in ten: the first stage's gate must stop the rollout
        JsonNode failing = simulate("101", "0.9", "--duration", "20s");
        assertThat(failing.get("updatesFailed").asLong()).isPositive();
        JsonNode paused = otactl.awaitRollout(rollout, r -> r.get("state").asText().equals("ROLLOUT_STATE_PAUSED"), "paused by its gate");
        assertThat(paused.get("currentStage").asInt()).isZero();
        assertThat(paused.at("/progress/0/state").asText()).isEqualTo("STAGE_STATE_FAILED");
        assertThat(paused.at("/progress/1/vehiclesReached").asLong()).as("no vehicle of the next stage was told to install").isZero();
        JsonNode events = otactl.json("rollout", "events", rollout, "--output", "json");
        assertThat(events.toString()).contains("ACTOR_KIND_GATE", "is over the gate's 20.00%");

        // the operator resumes; a healthy fleet passes the gate and the rollout runs to completion
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "resume", rollout, "--reason", "bad batch isolated").exitCode()).isZero();
        JsonNode healthy = simulate("202", "0", "--duration", "300s", "--until-updated");
        JsonNode completed = otactl.awaitRollout(rollout, r -> r.get("state").asText().equals("ROLLOUT_STATE_COMPLETED"), "completed");
        for (JsonNode stage : completed.get("progress")) {
            assertThat(stage.get("state").asText()).isEqualTo("STAGE_STATE_PASSED");
        }
        assertThat(healthy.get("updatesSucceeded").asLong()).as("every healthy vehicle ends on 3.0.0: " + healthy).isEqualTo(FLEET);
        assertThat(healthy.get("eventsPending").asLong()).isZero();
    }
}
