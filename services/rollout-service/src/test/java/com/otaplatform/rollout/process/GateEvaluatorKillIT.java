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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import org.postgresql.PGConnection;

/**
 * Two packaged rollout-service processes on one database. The one holding the gate-evaluation lease is killed
 * (SIGKILL) while a gate's move to the next stage is written but not committed; the other takes the lease over and
 * carries the rollout to the end, and every stage is advanced exactly once. Outcomes come through the real fold of the
 * outcome feed, served by {@link TestUpstreams}.
 *
 * <p>A move writes the stage states, then the rollout row, then its audit event. Before the gate of the chosen stage
 * can pass, the test takes {@code LOCK TABLE rollout_event IN SHARE MODE}, which the event's insert (ROW EXCLUSIVE)
 * has to wait for: the lease holder's transaction stops there with the rest of the move written. Once PostgreSQL
 * shows that backend waiting, the test kills the replica it belongs to (each replica names its connections) and lets
 * the lock go. Nothing else in that window waits for the lock or for the move's rows: the test makes no operator
 * call then, reads (of the rollout, the trail, the live set) take no lock a writer holds, the lease is its own table,
 * and the fold has nothing to write, since the gate passes only once every vehicle the test reported for the stage
 * is folded and the next stage's vehicles report only after the kill.
 */
class GateEvaluatorKillIT {
    private static final String DATABASE = "ota_rollout_kill_it";
    private static final Path ROOT = Path.of("../..");
    private static final Path LOGS = Path.of("target", "it-logs");
    // each replica names its database connections (application_name), so a backend tells whose it is
    private static final List<String> REPLICAS = List.of("rollout-kill-0", "rollout-kill-1");
    private static final List<Integer> STAGES_BP = List.of(1000, 3000, 6000, 10_000);
    private static final int VEHICLES_PER_STAGE = 3;
    // the gate (1-based, as the trail names it) whose move is killed uncommitted: the move from stage index 1 to 2
    private static final int KILLED_GATE = 2;
    // the holder stops renewing its lease while its move waits for the test's lock; the kill and the checks after it
    // take well under this, so the survivor cannot take over (and move the stage) before those checks
    private static final Duration LEASE = Duration.ofSeconds(5);
    // how long the test waits for what PostgreSQL shows of the move
    private static final Duration WAIT = Duration.ofSeconds(30);

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
                    int stage = rollout.getCurrentStage();
                    if (fed.add(stage)) {
                        if (stage == KILLED_GATE - 1) {
                            // its gate cannot pass before these vehicles report, so the lock is in place before the move
                            try (Connection lock = lockEventInserts()) {
                                report(upstreams, name, id, stage);
                                killed = killMidMove(db, lock, id, replicas);
                            }
                        } else {
                            report(upstreams, name, id, stage);
                        }
                    }
                    Thread.sleep(100);
                }

                assertThat(killed).as("the lease holder was killed mid-evaluation").isNotNull();
                ServiceProcess survivor = replicas.stream().filter(replica -> replica != null).findFirst().orElseThrow();
                assertThat(leaseHolder(db)).as("the survivor took the lease over").startsWith("rollout-service-" + survivor.pid() + "-");

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

    // SHARE on the audit trail, in a transaction of the test's own: a move's event insert (ROW EXCLUSIVE) waits for it.
    private static Connection lockEventInserts() throws SQLException {
        Connection lock = DriverManager.getConnection(TestDatabases.url(DATABASE), "postgres", "");
        lock.setAutoCommit(false);
        try (Statement sql = lock.createStatement()) {
            sql.execute("lock table rollout.rollout_event in share mode");
        }
        return lock;
    }

    // The lease holder's move waits for the test's lock with its stage states and rollout row written: its replica is
    // killed there, the lock goes, and nothing of the move is left.
    private static ServiceProcess killMidMove(Connection db, Connection lock, UUID id, List<ServiceProcess> replicas) throws Exception {
        WaitingMove move = awaitMoveWaitingFor(db, lock.unwrap(PGConnection.class).getBackendPID());
        int replica = REPLICAS.indexOf(move.applicationName());
        assertThat(replica).as("the waiting backend (" + move.applicationName() + ") is a replica's").isNotNegative();
        ServiceProcess killed = replicas.get(replica);
        assertThat(leaseHolder(db)).as("the waiting move is the lease holder's").startsWith("rollout-service-" + killed.pid() + "-");
        assertThat(move.query()).as("it waits to insert the move's audit event").startsWith("insert into rollout_event");
        assertThat(move.hasXid()).as("its transaction has written (it has a transaction id)").isTrue();
        assertThat(move.written()).as("it holds the stage states and the rollout row it updated")
                .contains("rollout.stage_progress", "rollout.rollout");

        killed.kill();
        replicas.set(replica, null);
        lock.rollback();
        awaitBackendGone(db, move.pid());
        assertThat(storedEvents(db, id)).as("the killed move left no event").isEqualTo(KILLED_GATE);
        try (Statement sql = db.createStatement();
             ResultSet stage = sql.executeQuery("select current_stage from rollout.rollout where id = '" + id + "'")) {
            stage.next();
            assertThat(stage.getInt(1)).as("the killed move left the stage where it was").isEqualTo(KILLED_GATE - 1);
        }
        assertThat(stageStates(db, id).subList(KILLED_GATE - 1, KILLED_GATE + 1)).as("the killed move left the stage states as they were")
                .containsExactly("ACTIVE", "PENDING");
        System.out.printf("GateEvaluatorKillIT: killed pid %d while its backend %d waited on rollout_event holding %s%n",
                killed.pid(), move.pid(), move.written());
        return killed;
    }

    /** A backend waiting for the test's lock to insert into rollout_event, and the tables it holds written (ROW EXCLUSIVE). */
    private record WaitingMove(int pid, String applicationName, String query, boolean hasXid, Set<String> written) {
    }

    private static WaitingMove awaitMoveWaitingFor(Connection db, int lockPid) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        try (PreparedStatement waiting = db.prepareStatement("select a.pid, a.application_name, a.query, a.backend_xid is not null"
                + " from pg_stat_activity a join pg_locks l on l.pid = a.pid"
                + " where l.relation = 'rollout.rollout_event'::regclass and l.mode = 'RowExclusiveLock' and not l.granted"
                + " and ? = any(pg_blocking_pids(a.pid))")) {
            waiting.setInt(1, lockPid);
            while (true) {
                try (ResultSet row = waiting.executeQuery()) {
                    if (row.next()) {
                        WaitingMove move = new WaitingMove(row.getInt(1), row.getString(2), row.getString(3), row.getBoolean(4),
                                writtenBy(db, row.getInt(1)));
                        assertThat(row.next()).as("one move waits for the lock").isFalse();
                        return move;
                    }
                }
                assertThat(Instant.now()).as("a gate's move waits for the lock on rollout_event").isBefore(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static Set<String> writtenBy(Connection db, int pid) throws SQLException {
        Set<String> written = new HashSet<>();
        try (PreparedStatement locks = db.prepareStatement("select l.relation::regclass::text from pg_locks l"
                + " join pg_class t on t.oid = l.relation and t.relkind = 'r' where l.pid = ? and l.granted and l.mode = 'RowExclusiveLock'")) {
            locks.setInt(1, pid);
            try (ResultSet row = locks.executeQuery()) {
                while (row.next()) {
                    written.add(row.getString(1));
                }
            }
        }
        return written;
    }

    // With its client gone, the backend ends (rolling its transaction back) once the lock lets its insert finish.
    private static void awaitBackendGone(Connection db, int pid) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        try (PreparedStatement backend = db.prepareStatement("select count(*) from pg_stat_activity where pid = ?")) {
            backend.setInt(1, pid);
            while (true) {
                try (ResultSet count = backend.executeQuery()) {
                    count.next();
                    if (count.getLong(1) == 0) {
                        return;
                    }
                }
                assertThat(Instant.now()).as("backend " + pid + " of the killed replica ends").isBefore(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static List<String> stageStates(Connection db, UUID id) throws SQLException {
        List<String> states = new ArrayList<>();
        try (Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("select state from rollout.stage_progress where rollout_id = '" + id + "' order by stage")) {
            while (row.next()) {
                states.add(row.getString(1));
            }
        }
        return states;
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

    // Both at once, as a Deployment starts its replicas; either may take the lease first.
    private static List<ServiceProcess> startReplicas(int upstreamsPort) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(2);
        List<Future<ServiceProcess>> started = new ArrayList<>();
        for (String replica : REPLICAS) {
            // a small pool each: the PostgreSQL server is shared with the other suites of the build
            Map<String, String> env = Map.of("OTA_DB_URL", TestDatabases.url(DATABASE) + "?ApplicationName=" + replica, "OTA_DB_POOL_SIZE", "5",
                    "OTA_ARTIFACT_PORT", String.valueOf(upstreamsPort), "OTA_CHECKIN_PORT", String.valueOf(upstreamsPort),
                    "OTA_ROLLOUT_GATE_LEASE", LEASE.toMillis() + "ms");
            started.add(starting.submit(() -> ServiceProcess.quarkusService(ROOT, "rollout-service", "192m", ServiceProcess.freePort(),
                    env, LOGS.resolve(replica + ".log"))));
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
