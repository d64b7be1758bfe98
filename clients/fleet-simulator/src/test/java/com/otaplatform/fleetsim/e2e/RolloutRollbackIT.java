package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.fleetsim.FleetSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling back: part of a fleet takes a release; one command ends that rollout and creates a draft
 * of the previous release for exactly those vehicles, its dry run counts them, and watching it
 * while it runs shows them go back, every change with the event that caused it.
 */
class RolloutRollbackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "rollback";
    private static final int FLEET = 12;

    @TempDir
    Path work;

    private OtactlDriver otactl;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
    }

    /** Runs the same fleet (same seed, same state) for a while; returns the simulator's summary. */
    private JsonNode simulate(String duration) throws Exception {
        StringWriter out = new StringWriter();
        int code = FleetSimulator.run(new PrintWriter(out, true), "--endpoint", "127.0.0.1:" + PlatformProcesses.CHECKIN_PORT,
                "-n", String.valueOf(FLEET), "--cycles", "0", "--duration", duration, "--poll-interval", "1s", "--seed", "301",
                "--attr", "e2e-run=" + RUN, "--base-dir", work.resolve("fleet").toString(), "--output", "json");
        assertThat(code).as(out.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    private Path image(String name, int seed) throws Exception {
        byte[] image = new byte[128 * 1024];
        new Random(seed).nextBytes(image);
        return Files.write(work.resolve(name), image);
    }

    private String createRollout(String release, String... stageOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("rollout", "create", "--release", release, "--name", RUN,
                "--select", "e2e-run = '" + RUN + "'", "--output", "json"));
        args.addAll(List.of(stageOptions));
        String rollout = otactl.json(args.toArray(String[]::new)).get("name").asText();
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();
        return rollout;
    }

    private JsonNode status(String rollout) throws Exception {
        return otactl.json("rollout", "status", rollout, "--output", "json");
    }

    @Test
    void shouldTakeBackExactlyTheVehiclesThatTookTheRelease() throws Exception {
        String previous = otactl.pushRelease(image("adas-4.0.0.img", 40), "4.0.0").get("name").asText();
        String first = createRollout(previous, "--stages", "100", "--min-reported", String.valueOf(FLEET), "--soak", "0s",
                "--max-failure-rate", "0%");
        assertThat(simulate("25s").get("updatesSucceeded").asLong()).isEqualTo(FLEET);
        otactl.awaitRollout(first, r -> r.get("state").asText().equals("ROLLOUT_STATE_COMPLETED"), "completed");

        // the next release reaches only its first stage: no gate, so it waits there for an operator
        String next = otactl.pushRelease(image("adas-4.1.0.img", 41), "4.1.0", "--supersedes", previous).get("name").asText();
        String bad = createRollout(next, "--stages", "50,100");
        long tookNext = simulate("15s").get("updatesSucceeded").asLong();
        assertThat(tookNext).as("part of the fleet took 4.1.0").isBetween(1L, FLEET - 1L);
        otactl.awaitRollout(bad, r -> r.at("/progress/0/vehiclesSucceeded").asLong() == tookNext, "counting " + tookNext + " successes");

        JsonNode rollback = otactl.json("rollout", "rollback", bad, "--reason", "adas 4.1.0 brakes late", "--output", "json");
        String back = rollback.get("name").asText();
        assertThat(rollback.get("release").asText()).as("the release 4.1.0 superseded").isEqualTo(previous);
        assertThat(rollback.get("rollbackOf").asText()).isEqualTo(bad);
        assertThat(rollback.get("selector").asText()).isEqualTo("e2e-run = '" + RUN + "' and ecu.adas-main.version = '4.1.0'");
        assertThat(rollback.get("state").asText()).isEqualTo("ROLLOUT_STATE_DRAFT");
        assertThat(status(bad).get("state").asText()).isEqualTo("ROLLOUT_STATE_ABORTED");
        assertThat(otactl.json("rollout", "events", bad, "--output", "json").toString())
                .contains("rolled back by " + back + ": adas 4.1.0 brakes late");
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "rollback", bad, "--reason", "again").exitCode())
                .as("one rollback per rollout: a conflict").isEqualTo(8);

        JsonNode reach = otactl.json("rollout", "dry-run", back, "--output", "json");
        assertThat(reach.get("vehiclesSelected").asLong()).as("exactly the vehicles on 4.1.0: " + reach).isEqualTo(tookNext);
        assertThat(reach.at("/stages/1/vehicles").asLong()).isEqualTo(tookNext);
        assertThat(reach.get("blockedAlreadyCurrent").asLong() + reach.get("blockedIncompatibleHardware").asLong()
                + reach.get("blockedByOtherRollout").asLong()).isZero();
        OtactlDriver.Result table = otactl.run(OtactlDriver.CI, "rollout", "dry-run", back);
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).containsPattern("selected:\\s+" + tookNext);

        OtactlDriver.Running watch = otactl.start(OtactlDriver.CI, "rollout", "watch", back, "--output", "json");
        for (int i = 0; i < 100 && watch.outSoFar().isEmpty(); i++) {
            Thread.sleep(100); // the first line is the draft as it is: from then on no change is missed
        }
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", back).exitCode()).isZero();
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "advance", back, "--reason", "every one of them").exitCode()).isZero();
        JsonNode wentBack = simulate("15s");
        assertThat(wentBack.get("updatesSucceeded").asLong()).as("only the vehicles on 4.1.0 install: " + wentBack).isEqualTo(tookNext);
        otactl.awaitRollout(back, r -> r.at("/progress/0/vehiclesSucceeded").asLong() + r.at("/progress/1/vehiclesSucceeded").asLong()
                == tookNext, "counting " + tookNext + " vehicles back on 4.0.0");
        assertThat(otactl.run(OtactlDriver.CI, "rollout", "abort", back, "--reason", "all back").exitCode()).isZero();

        OtactlDriver.Result watched = watch.result().get(30, TimeUnit.SECONDS);
        assertThat(watched.exitCode()).as(watched.err()).isZero();
        List<JsonNode> changes = new ArrayList<>();
        for (String line : watched.out().split("\n")) {
            changes.add(JSON.readTree(line));
        }
        assertThat(changes.get(0).at("/rollout/state").asText()).isEqualTo("ROLLOUT_STATE_DRAFT");
        assertThat(changes).extracting(c -> c.at("/event/reason").asText()).contains("started", "every one of them", "all back");
        assertThat(changes).as("counters moving show up too")
                .anySatisfy(c -> assertThat(c.has("event")).isFalse());
        assertThat(changes.get(changes.size() - 1).at("/rollout/state").asText()).isEqualTo("ROLLOUT_STATE_ABORTED");
    }
}
