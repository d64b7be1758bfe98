package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import com.otaplatform.agent.CycleResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas behave: three checkin-service and two rollout-service processes against one
 * PostgreSQL, behind loopback proxies standing in for Kubernetes Services, a simulated fleet
 * spread over them. One replica of each is killed (SIGKILL) mid-rollout; the rollout completes,
 * no status event is lost and no stage is advanced twice.
 *
 * <p>The checkin-service replica dies at a chosen moment for one more vehicle, the probe: after it
 * committed the probe's check-in (a new nonce, an assignment) and before the answer reached the
 * probe. The probe tries again within its backoff, recovers the nonce, installs the same
 * assignment and is counted once.
 */
class MultiReplicaIT {
    private static final int ARTIFACT = 26081;
    private static final int SIGNING = 26082;
    private static final int ROLLOUT_SERVICE = 26083;
    private static final int CHECKIN_SERVICE = 26084;
    private static final List<Integer> ROLLOUT_REPLICAS = List.of(26183, 26283);
    private static final List<Integer> CHECKIN_REPLICAS = List.of(26184, 26284, 26384);
    private static final int FLEET = 150;
    /** The probe's own route to the checkin-service replicas, its first connection going to the one that is killed. */
    private static final int PROBE_ROUTE = 26484;

    @TempDir
    Path work;

    @Test
    void shouldCompleteARolloutWhileReplicasAreKilled() throws Exception {
        // vehicles reach the director through the Service too, so a killed replica does not strand them
        Map<String, String> peers = PlatformProcesses.env("OTA_ARTIFACT_PORT", String.valueOf(ARTIFACT),
                "OTA_SIGNING_PORT", String.valueOf(SIGNING), "OTA_ROLLOUT_PORT", String.valueOf(ROLLOUT_SERVICE),
                "OTA_CHECKIN_PORT", String.valueOf(CHECKIN_SERVICE), "OTA_IMAGE_REPOSITORY_URL", PlatformProcesses.imageRepositoryUrl(SIGNING),
                "OTA_DIRECTOR_PUBLIC_URL", "http://127.0.0.1:" + CHECKIN_SERVICE + "/repo/director/",
                // seven processes share one PostgreSQL (max_connections 100) with whatever else runs on the machine
                "OTA_DB_POOL_SIZE", "8");
        try (PlatformProcesses platform = PlatformProcesses.create("ota_replicas", "ota-replicas");
             ServiceProxy rolloutService = new ServiceProxy(ROLLOUT_SERVICE, ROLLOUT_REPLICAS);
             ServiceProxy checkinService = new ServiceProxy(CHECKIN_SERVICE, CHECKIN_REPLICAS);
             // vehicles' TLS passes through the proxy to a replica, as through a Kubernetes Service
             ServiceProxy checkinVehicles = new ServiceProxy(PlatformProcesses.vehiclePort(CHECKIN_SERVICE),
                     CHECKIN_REPLICAS.stream().map(PlatformProcesses::vehiclePort).toList())) {
            platform.start("artifact-service", ARTIFACT, peers);
            platform.start("signing-service", SIGNING, peers);
            for (int port : ROLLOUT_REPLICAS) {
                platform.start("rollout-service", port, peers);
            }
            for (int port : CHECKIN_REPLICAS) {
                platform.start("checkin-service", port, peers);
            }
            OtactlDriver otactl = new OtactlDriver(work.resolve("otactl"), ARTIFACT, SIGNING, ROLLOUT_SERVICE, CHECKIN_SERVICE);

            byte[] image = new byte[128 * 1024];
            new Random(11).nextBytes(image);
            Path file = work.resolve("adas-4.0.0.img");
            Files.write(file, image);
            String release = otactl.pushRelease(file, "4.0.0").get("name").asText();
            String rollout = otactl.json("rollout", "create", "--release", release, "--name", "replicas", "--select", "e2e-run = 'replicas'",
                    "--stages", "10,50,100", "--max-failure-rate", "50%", "--min-reported", "3", "--soak", "2s", "--output", "json")
                    .get("name").asText();
            UUID rolloutId = UUID.fromString(rollout.substring("rollouts/".length()));

            // the probe is provisioned (one check-in, nothing to install yet) and connects to the replica to be killed
            long probeSeed = ProbeVehicle.seedInFirstStage(rolloutId, 1_000);
            Path probeState = work.resolve("probe");
            PlatformProcesses.Simulation provisioned = PlatformProcesses.simulate(CHECKIN_SERVICE, "-n", "1",
                    "--seed", String.valueOf(probeSeed), "--attr", "e2e-run=replicas", "--base-dir", probeState.toString());
            assertThat(provisioned.summary().get("checkIns").asLong()).as(provisioned.output()).isEqualTo(1);
            try (ServiceProxy probeRoute = new ServiceProxy(PROBE_ROUTE, CHECKIN_REPLICAS.stream().map(PlatformProcesses::vehiclePort).toList());
                 ProbeVehicle probe = ProbeVehicle.open(probeState, probeSeed, Map.of("e2e-run", "replicas"), "127.0.0.1:" + PROBE_ROUTE)) {
                assertThat(probe.cycle().checkedIn()).isTrue();
                assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();
                rollOutWhileKilling(platform, otactl, rollout, probe, probeRoute);
            }
        }
    }

    /** Runs the fleet and the probe through the rollout, killing one replica of each service mid-rollout. */
    private void rollOutWhileKilling(PlatformProcesses platform, OtactlDriver otactl, String rollout, ProbeVehicle probe,
            ServiceProxy probeRoute) throws Exception {
        // a vehicle whose calls failed while its replica died retries within 5 s, not the agent's 5 min
        CompletableFuture<PlatformProcesses.Simulation> fleet = CompletableFuture.supplyAsync(() -> PlatformProcesses.simulate(CHECKIN_SERVICE,
                "-n", String.valueOf(FLEET), "--cycles", "0", "--duration", "240s", "--until-updated", "--poll-interval", "1s", "--backoff-max", "5s",
                "--seed", "303", "--attr", "e2e-run=replicas", "--base-dir", work.resolve("fleet").toString()));

        otactl.awaitRollout(rollout, r -> r.get("currentStage").asInt() >= 1, "past its first stage");
        // the replica does the probe's check-in, then dies before its answer leaves
        probeRoute.dropAnswers();
        CompletableFuture<CycleResult> unanswered = CompletableFuture.supplyAsync(probe::cycle);
        String correlationId = awaitAssignment(platform, probe.vin());
        platform.kill("checkin-service", CHECKIN_REPLICAS.get(0));
        platform.kill("rollout-service", ROLLOUT_REPLICAS.get(0));

        CycleResult lost = unanswered.get(60, TimeUnit.SECONDS);
        System.out.printf("MultiReplicaIT: the probe's unanswered check-in ended with %s; next try in %d ms%n", lost.checkInError(),
                lost.nextDelay().toMillis());
        assertThat(lost.checkedIn()).isFalse();
        assertThat(lost.nextDelay()).as("a check-in that broke with %s is tried again within the backoff, not after the poll interval",
                lost.checkInError()).isLessThanOrEqualTo(ProbeVehicle.BACKOFF_MAX);
        List<CycleResult> recovery = probe.untilUpdated(Duration.ofSeconds(90));
        assertThat(recovery).as("the probe installs the assignment whose answer it lost")
                .anyMatch(r -> r.update() == CycleResult.UpdateOutcome.SUCCEEDED && r.correlationId().equals(correlationId));

        otactl.awaitRollout(rollout, r -> r.get("state").asText().equals("ROLLOUT_STATE_COMPLETED"), "completed");
        PlatformProcesses.Simulation simulated = fleet.join();
        assertThat(simulated.exitCode()).as(simulated.output()).isZero();
        // first what the vehicles saw, then what the rollout counted: a shortfall there is a lost event
        JsonNode summary = simulated.summary();
        assertThat(summary.get("updatesSucceeded").asLong()).as(summary.toString()).isEqualTo(FLEET);
        assertThat(summary.get("eventsPending").asLong()).as(summary.toString()).isZero();
        JsonNode settled = otactl.awaitRollout(rollout, r -> succeeded(r) == FLEET + 1, "counting every vehicle's success");

        try (Connection db = platform.database(); Statement sql = db.createStatement()) {
            ResultSet stored = sql.executeQuery("select count(distinct vin) from checkin.status_event where phase = 'SUCCEEDED' and rollout = '" + rollout + "'");
            stored.next();
            assertThat(stored.getLong(1)).as("every vehicle's success is stored").isEqualTo(FLEET + 1);
            ResultSet probeAssignments = sql.executeQuery("select count(distinct correlation_id) from checkin.status_event where vin = '"
                    + probe.vin() + "' and rollout = '" + rollout + "'");
            probeAssignments.next();
            assertThat(probeAssignments.getLong(1)).as("the probe's lost answer did not assign it twice").isEqualTo(1);
            ResultSet gates = sql.executeQuery("select stage, count(*) from rollout.rollout_event where rollout_id = '"
                    + rollout.substring("rollouts/".length()) + "' and actor_kind = 'GATE' group by stage order by stage");
            StringBuilder moves = new StringBuilder();
            while (gates.next()) {
                moves.append(gates.getInt(1)).append(':').append(gates.getLong(2)).append(' ');
            }
            // stage 1 passed (now at index 1), stage 2 passed (index 2), stage 3 completed (index 2): each once
            assertThat(moves.toString().trim()).isEqualTo("1:1 2:2");
        }
        for (JsonNode stage : settled.get("progress")) {
            assertThat(stage.path("vehiclesInProgress").asLong()).isZero();
            assertThat(stage.path("vehiclesFailed").asLong()).isZero();
        }
    }

    /** The correlation id of the vehicle's assignment once a check-in committed it; fails after 60 s. */
    private static String awaitAssignment(PlatformProcesses platform, String vin) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Connection db = platform.database();
             PreparedStatement assigned = db.prepareStatement("select correlation_id from checkin.status_event where vin = ? and phase = 'ASSIGNED'")) {
            assigned.setString(1, vin);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet row = assigned.executeQuery()) {
                    if (row.next()) {
                        return row.getString(1);
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError(vin + "'s check-in did not commit an assignment within 60 s");
    }

    private static long succeeded(JsonNode rollout) {
        long succeeded = 0;
        for (JsonNode stage : rollout.get("progress")) {
            succeeded += stage.path("vehiclesSucceeded").asLong();
        }
        return succeeded;
    }

}
