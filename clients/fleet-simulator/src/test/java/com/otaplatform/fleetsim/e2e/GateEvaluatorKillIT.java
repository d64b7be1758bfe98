package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.fleetsim.FleetSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica evaluating a rollout's gate is killed (SIGKILL) in the middle of the evaluation,
 * inside its transaction, while a second replica runs: the evaluation is held there by a row lock
 * the test takes on the rollout. The second replica takes the lease over and finishes the
 * rollout; every stage moved exactly once.
 */
class GateEvaluatorKillIT {
    private static final int ARTIFACT = 29481;
    private static final int SIGNING = 29482;
    private static final int ROLLOUT_SERVICE = 29483;
    private static final int CHECKIN = 29484;
    private static final List<Integer> ROLLOUT_REPLICAS = List.of(29583, 29683);
    private static final int FLEET = 20;

    @TempDir
    Path work;

    @Test
    void shouldAdvanceNoStageTwiceWhenTheEvaluatorDiesMidEvaluation() throws Exception {
        Map<String, String> peers = PlatformProcesses.env("OTA_ARTIFACT_PORT", String.valueOf(ARTIFACT),
                "OTA_ROLLOUT_PORT", String.valueOf(ROLLOUT_SERVICE), "OTA_CHECKIN_PORT", String.valueOf(CHECKIN));
        try (PlatformProcesses platform = PlatformProcesses.create("ota_gate_kill", "ota-gate-kill");
             ServiceProxy rolloutService = new ServiceProxy(ROLLOUT_SERVICE, ROLLOUT_REPLICAS)) {
            platform.start("artifact-service", ARTIFACT, peers);
            platform.start("signing-service", SIGNING, peers);
            for (int port : ROLLOUT_REPLICAS) {
                platform.start("rollout-service", port, peers);
            }
            platform.start("checkin-service", CHECKIN, peers);
            OtactlDriver otactl = new OtactlDriver(work.resolve("otactl"), ARTIFACT, SIGNING, ROLLOUT_SERVICE, CHECKIN);

            byte[] image = new byte[64 * 1024];
            new Random(13).nextBytes(image);
            String release = otactl.pushRelease(Files.write(work.resolve("adas-5.0.0.img"), image), "5.0.0").get("name").asText();
            String rollout = otactl.json("rollout", "create", "--release", release, "--name", "gate-kill", "--select", "e2e-run = 'gate-kill'",
                    "--stages", "50,100", "--max-failure-rate", "50%", "--min-reported", "2", "--soak", "0s", "--output", "json")
                    .get("name").asText();
            UUID id = UUID.fromString(rollout.substring("rollouts/".length()));
            assertThat(otactl.run(OtactlDriver.CI, "rollout", "start", rollout).exitCode()).isZero();

            StringWriter simulatorOut = new StringWriter();
            CompletableFuture<Integer> fleet;
            try (Connection lock = platform.database(); Connection look = platform.database()) {
                lock.setAutoCommit(false);
                // "no key update": holds off the evaluator's "for update" but not the outcome fold's key-share lock
                text(lock, "select id from rollout.rollout where id = ? for no key update", id);
                fleet = CompletableFuture.supplyAsync(() -> FleetSimulator.run(new PrintWriter(simulatorOut, true),
                        "--endpoint", "127.0.0.1:" + CHECKIN, "-n", String.valueOf(FLEET), "--cycles", "0", "--duration", "60s",
                        "--poll-interval", "1s", "--seed", "404", "--attr", "e2e-run=gate-kill", "--base-dir", work.resolve("fleet").toString(),
                        "--output", "json"));
                // the first stage's gate would pass now, but its evaluation waits on our lock, inside its transaction
                await("the first stage has the 2 reports its gate needs", () -> count(look,
                        "select succeeded from rollout.stage_progress where rollout_id = ? and stage = 0", id) >= 2);
                await("a gate evaluation is waiting on the rollout's row lock", () -> count(look,
                        "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                                + " and query like '%from rollout where id%for update%'") >= 1);
                String holder = text(look, "select holder from rollout.lease where name = 'gate-evaluation'");
                long evaluatorPid = Long.parseLong(holder.split("-")[2]);
                int evaluator = ROLLOUT_REPLICAS.stream().filter(port -> platform.pid("rollout-service", port) == evaluatorPid)
                        .findFirst().orElseThrow(() -> new AssertionError("no replica has process " + evaluatorPid + " (" + holder + ")"));
                platform.kill("rollout-service", evaluator);
                lock.commit();
            }

            otactl.awaitRollout(rollout, r -> r.get("state").asText().equals("ROLLOUT_STATE_COMPLETED"), "completed by the other replica");
            assertThat(fleet.join()).as(simulatorOut.toString()).isZero();
            try (Connection db = platform.database()) {
                List<String> moves = new ArrayList<>();
                try (PreparedStatement sql = db.prepareStatement("select from_state, to_state, stage from rollout.rollout_event"
                        + " where rollout_id = ? and actor_kind = 'GATE' order by sequence")) {
                    sql.setObject(1, id);
                    try (ResultSet rows = sql.executeQuery()) {
                        while (rows.next()) {
                            moves.add(rows.getString(1) + ">" + rows.getString(2) + "@" + rows.getInt(3));
                        }
                    }
                }
                assertThat(moves).as("stage 1 passed once, then the rollout completed once").containsExactly("RUNNING>RUNNING@1", "RUNNING>COMPLETED@1");
                assertThat(count(db, "select count(*) from rollout.stage_progress where rollout_id = ? and state = 'PASSED'", id)).isEqualTo(2);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static long count(Connection c, String sql, Object... params) {
        String value = text(c, sql, params);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The first column of the first row, or null when there is none. */
    private static String text(Connection c, String sql, Object... params) {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
