package com.otaplatform.rollout.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.common.Bucketing;
import com.otaplatform.rollout.v1.ActorKind;
import com.otaplatform.rollout.v1.CreateRolloutRequest;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.GateAction;
import com.otaplatform.rollout.v1.GetRolloutRequest;
import com.otaplatform.rollout.v1.ListRolloutEventsRequest;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutEvent;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageState;
import com.otaplatform.rollout.v1.StartRolloutRequest;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.ServiceProcess;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.testkit.TestDatabases;
import com.otaplatform.vehicle.v1.UpdatePhase;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged rollout-service processes on one database. The one holding the gate-evaluation lease is killed
 * (SIGKILL) while a gate's move to the next stage is written but not committed ({@code ota.rollout.gate-hold} keeps
 * that transaction open); the other takes the lease over and carries the rollout to the end, and every stage is
 * advanced exactly once. Outcomes come through the real fold of the outcome feed, served by {@link TestUpstreams}.
 */
class GateEvaluatorKillIT {
    private static final String DATABASE = "ota_rollout_kill_it";
    private static final Path ROOT = Path.of("../..");
    private static final Path LOGS = Path.of("target", "it-logs");
    private static final List<Integer> STAGES_BP = List.of(1000, 3000, 6000, 10_000);
    private static final int VEHICLES_PER_STAGE = 3;
    // the gate (1-based, as the trail names it) whose move is killed uncommitted: the move from stage index 1 to 2
    private static final int KILLED_GATE = 2;
    private static final Duration HOLD = Duration.ofSeconds(2);
    // longer than the hold plus a round, so that the holder keeps its lease until it dies
    private static final Duration LEASE = Duration.ofSeconds(5);

    @BeforeAll
    static void freshDatabase() throws SQLException {
        TestDatabases.recreate(DATABASE);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldAdvanceEachStageExactlyOnceWhenTheEvaluatingReplicaIsKilledMidTransaction() throws Exception {
        try (TestUpstreams upstreams = TestUpstreams.start();
             Connection db = DriverManager.getConnection(TestDatabases.url(DATABASE), "postgres", "")) {
            List<ServiceProcess> replicas = startReplicas(upstreams.port());
            Map<ServiceProcess, ManagedChannel> channels = new HashMap<>();
            try {
                replicas.forEach(replica -> channels.put(replica, TestChannels.loopback(replica.port())));
                String operator = Keycloak.userToken("operator");
                var api = RolloutServiceGrpc.newBlockingStub(channels.get(replicas.get(0))).withCallCredentials(BearerToken.of(operator));
                String name = api.createRollout(createRequest()).getRollout().getName();
                api.startRollout(StartRolloutRequest.newBuilder().setName(name).build());
                UUID id = UUID.fromString(name.substring("rollouts/".length()));
                String killedMove = "gate of stage " + KILLED_GATE + " of " + name + " moved it, uncommitted";

                ServiceProcess killed = null;
                Set<Integer> fed = new HashSet<>();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
                Rollout rollout;
                while (true) {
                    ServiceProcess alive = replicas.stream().filter(replica -> replica != null).findFirst().orElseThrow();
                    rollout = RolloutServiceGrpc.newBlockingStub(channels.get(alive)).withCallCredentials(BearerToken.of(operator))
                            .getRollout(GetRolloutRequest.newBuilder().setName(name).build()).getRollout();
                    if (rollout.getState() == RolloutState.ROLLOUT_STATE_COMPLETED) {
                        break;
                    }
                    assertThat(rollout.getState()).isEqualTo(RolloutState.ROLLOUT_STATE_RUNNING);
                    assertThat(Instant.now()).as("the rollout completes; it is at stage index " + rollout.getCurrentStage()).isBefore(deadline);
                    if (fed.add(rollout.getCurrentStage())) {
                        report(upstreams, name, id, rollout.getCurrentStage());
                    }
                    if (killed == null) {
                        for (int i = 0; i < replicas.size(); i++) {
                            if (Files.readString(log(i)).contains(killedMove)) {
                                killed = replicas.get(i);
                                killMidTransaction(db, id, killed);
                                replicas.set(i, null);
                            }
                        }
                    }
                    Thread.sleep(100);
                }

                assertThat(killed).as("the lease holder was killed mid-evaluation").isNotNull();
                ServiceProcess survivor = replicas.stream().filter(replica -> replica != null).findFirst().orElseThrow();
                int survivorIndex = replicas.indexOf(survivor);
                assertThat(leaseHolder(db)).as("the survivor took the lease over").startsWith("rollout-service-" + survivor.pid() + "-");
                assertThat(Files.readString(log(survivorIndex))).as("the survivor made the move the kill undid").contains(killedMove);

                List<RolloutEvent> trail = RolloutServiceGrpc.newBlockingStub(channels.get(survivor)).withCallCredentials(BearerToken.of(operator))
                        .listRolloutEvents(ListRolloutEventsRequest.newBuilder().setName(name).build()).getEventsList();
                assertThat(trail).extracting(RolloutEvent::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(trail).extracting(RolloutEvent::getActorKind).containsExactly(ActorKind.ACTOR_KIND_USER,
                        ActorKind.ACTOR_KIND_GATE, ActorKind.ACTOR_KIND_GATE, ActorKind.ACTOR_KIND_GATE, ActorKind.ACTOR_KIND_GATE);
                assertThat(trail.subList(1, 5)).as("each stage's gate moved it once").extracting(RolloutEvent::getActor)
                        .containsExactly("gate of stage 1", "gate of stage 2", "gate of stage 3", "gate of stage 4");
                assertThat(trail).as("one stage at a time, none skipped, none twice").extracting(RolloutEvent::getStage)
                        .containsExactly(0, 1, 2, 3, 3);
                assertThat(trail).extracting(RolloutEvent::getToState).containsExactly(RolloutState.ROLLOUT_STATE_RUNNING,
                        RolloutState.ROLLOUT_STATE_RUNNING, RolloutState.ROLLOUT_STATE_RUNNING, RolloutState.ROLLOUT_STATE_RUNNING,
                        RolloutState.ROLLOUT_STATE_COMPLETED);
                assertThat(storedEvents(db, id)).as("the table holds exactly the trail").isEqualTo(5);
                assertThat(rollout.getProgressList()).extracting(StageProgress::getState).containsOnly(StageState.STAGE_STATE_PASSED);
                assertThat(rollout.getProgressList()).extracting(StageProgress::getVehiclesSucceeded).containsOnly((long) VEHICLES_PER_STAGE);
                System.out.printf("GateEvaluatorKillIT: killed pid %d mid-move of gate %d; pid %d took over and completed %s%n",
                        killed.pid(), KILLED_GATE, survivor.pid(), name);
            } finally {
                for (ManagedChannel channel : channels.values()) {
                    TestChannels.close(channel);
                }
                for (ServiceProcess replica : replicas) {
                    if (replica != null) {
                        replica.close();
                    }
                }
            }
        }
    }

    private static CreateRolloutRequest createRequest() {
        CreateRolloutRequest.Builder request = CreateRolloutRequest.newBuilder().setDisplayName("kill-it").setRelease(TestUpstreams.RELEASE);
        Gate gate = Gate.newBuilder().setMinVehiclesReported(VEHICLES_PER_STAGE).setMaxFailureRateBp(0)
                .setSoakTime(com.google.protobuf.Duration.newBuilder().setSeconds(1)).setOnFailure(GateAction.GATE_ACTION_PAUSE).build();
        STAGES_BP.forEach(bp -> request.addStages(Stage.newBuilder().setPercentageBp(bp).setGate(gate)));
        return request.build();
    }

    // Vehicles of the stage that is live now install and report, as they would through check-in.
    private static void report(TestUpstreams upstreams, String name, UUID id, int stage) {
        int found = 0;
        for (int n = 0; found < VEHICLES_PER_STAGE; n++) {
            String vin = String.format("KILLIT%011d", n);
            if (Bucketing.stageOf(Bucketing.bucket(id, vin), STAGES_BP) == stage) {
                upstreams.report(name, vin, UpdatePhase.UPDATE_PHASE_ASSIGNED);
                upstreams.report(name, vin, UpdatePhase.UPDATE_PHASE_SUCCEEDED);
                found++;
            }
        }
    }

    // The replica logged that its move is written and uncommitted: it must hold the lease and the transaction must be
    // open, and after the kill nothing of that move is left.
    private static void killMidTransaction(Connection db, UUID id, ServiceProcess replica) throws Exception {
        assertThat(leaseHolder(db)).as("the evaluating replica holds the lease").startsWith("rollout-service-" + replica.pid() + "-");
        try (Statement sql = db.createStatement();
             ResultSet open = sql.executeQuery("select count(*) from pg_stat_activity where datname = '" + DATABASE + "'"
                     + " and state = 'idle in transaction' and query like 'insert into rollout_event%'")) {
            open.next();
            assertThat(open.getLong(1)).as("the move's transaction is open").isEqualTo(1);
        }
        replica.kill();
        assertThat(storedEvents(db, id)).as("the killed move left no event (raise HOLD if it committed before the kill)")
                .isEqualTo(KILLED_GATE);
        try (Statement sql = db.createStatement();
             ResultSet stage = sql.executeQuery("select current_stage from rollout.rollout where id = '" + id + "'")) {
            stage.next();
            assertThat(stage.getInt(1)).as("the killed move left the stage where it was").isEqualTo(KILLED_GATE - 1);
        }
    }

    private static String leaseHolder(Connection db) throws SQLException {
        try (Statement sql = db.createStatement();
             ResultSet holder = sql.executeQuery("select holder from rollout.lease where name = 'gate-evaluation'")) {
            return holder.next() ? holder.getString(1) : "";
        }
    }

    private static long storedEvents(Connection db, UUID id) throws SQLException {
        try (Statement sql = db.createStatement();
             ResultSet count = sql.executeQuery("select count(*) from rollout.rollout_event where rollout_id = '" + id + "'")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static Path log(int replica) {
        return LOGS.resolve("rollout-kill-" + replica + ".log");
    }

    // Both at once, as a Deployment starts its replicas; either may take the lease first.
    private static List<ServiceProcess> startReplicas(int upstreamsPort) throws Exception {
        // a small pool each: the PostgreSQL server is shared with the other suites of the build
        Map<String, String> env = Map.of("OTA_DB_URL", TestDatabases.url(DATABASE), "OTA_DB_POOL_SIZE", "5",
                "OTA_ARTIFACT_PORT", String.valueOf(upstreamsPort), "OTA_CHECKIN_PORT", String.valueOf(upstreamsPort),
                "OTA_ROLLOUT_GATE_LEASE", LEASE.toMillis() + "ms", "OTA_ROLLOUT_GATE_HOLD", HOLD.toMillis() + "ms");
        ExecutorService starting = Executors.newFixedThreadPool(2);
        List<Future<ServiceProcess>> started = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int replica = i;
            started.add(starting.submit(() -> ServiceProcess.quarkusService(ROOT, "rollout-service", "192m", ServiceProcess.freePort(),
                    env, log(replica))));
        }
        starting.shutdown();
        List<ServiceProcess> replicas = new ArrayList<>();
        ExecutionException failed = null;
        for (Future<ServiceProcess> replica : started) {
            try {
                replicas.add(replica.get());
            } catch (ExecutionException e) {
                failed = e;
            }
        }
        if (failed != null) {
            for (ServiceProcess replica : replicas) {
                replica.close();
            }
            throw failed;
        }
        return replicas;
    }
}
