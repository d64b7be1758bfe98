package com.otaplatform.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.common.Database;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GateEvaluationTest {

    @Inject
    TestRollouts testRollouts;
    @Inject
    RolloutManagement management;
    @Inject
    GateEvaluation gates;
    @Inject
    RolloutRepository repository;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    LiveRollouts live;

    @BeforeEach
    void releaseLeases() {
        // tests play replicas of their own; none inherits a lease from another test
        new Database(dataSource).inTransaction(c -> Database.update(c, "delete from lease"));
    }

    private UUID startDefaultRollout(List<Stage> stages) {
        UUID id = testRollouts.createDefaultDraft(stages);
        management.start(id, "operator");
        return id;
    }

    private void report(UUID rollout, int stage, int succeeded, int failed) {
        testRollouts.report(rollout, stage, succeeded, failed);
    }

    private List<RolloutEvent> trail(UUID rollout) {
        return management.events(rollout, 0, 100);
    }

    @Test
    void shouldAdvanceUnderTheGateOnceAndCompleteAfterTheLastStage() {
        UUID id = startDefaultRollout(List.of(new Stage(5000, 0, TestRollouts.gate(2, 2000, Duration.ZERO)),
                new Stage(10_000, 0, TestRollouts.gate(2, 2000, Duration.ZERO))));

        management.applyGate(id, Clock.systemUTC());
        assertThat(management.get(id).currentStage()).as("no vehicle reported yet").isZero();

        report(id, 0, 2, 0);
        assertThat(management.applyGate(id, Clock.systemUTC())).isTrue();
        assertThat(management.applyGate(id, Clock.systemUTC())).as("the next stage's gate has no reports yet").isFalse();
        Rollout advanced = management.get(id);
        assertThat(advanced.currentStage()).isEqualTo(1);
        assertThat(advanced.progress()).extracting(StageProgress::state).containsExactly(StageState.PASSED, StageState.ACTIVE);

        report(id, 1, 2, 0);
        management.applyGate(id, Clock.systemUTC());
        assertThat(management.get(id).state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(trail(id)).extracting(RolloutEvent::actorKind).containsExactly(ActorKind.USER, ActorKind.GATE, ActorKind.GATE);
        assertThat(trail(id).get(1).reason()).startsWith("failure rate 0.00% within the gate's 20.00% after 2 vehicles reported");
        assertThat(trail(id).get(2).toState()).isEqualTo(RolloutState.COMPLETED);
        assertThat(live.current().rollouts()).as("a completed rollout still serves vehicles that check in late")
                .extracting(Rollout::id).contains(id);
    }

    @Test
    void shouldPauseWhenTheFailureRateCrossesTheGateAndJudgeAnewAfterResume() {
        UUID id = startDefaultRollout(List.of(new Stage(10_000, 0, TestRollouts.gate(3, 2000, Duration.ZERO))));

        report(id, 0, 1, 2);
        management.applyGate(id, Clock.systemUTC());
        Rollout paused = management.get(id);
        assertThat(paused.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.progress().get(0).state()).isEqualTo(StageState.FAILED);
        RolloutEvent stop = trail(id).get(1);
        assertThat(stop.actorKind()).isEqualTo(ActorKind.GATE);
        assertThat(stop.reason()).isEqualTo("failure rate 66.66% is over the gate's 20.00% (2 of 3 vehicles failed)");

        management.resume(id, "operator", "bad batch of vehicles, fixed");
        assertThat(management.applyGate(id, Clock.systemUTC())).as("no new reports since the resume").isFalse();
        report(id, 0, 3, 0);
        management.applyGate(id, Clock.systemUTC());
        assertThat(management.get(id).state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void shouldAbortWhenTheGateSaysSo() {
        UUID id = startDefaultRollout(List.of(new Stage(10_000, 0, new Gate(1, 0, Duration.ZERO, GateAction.ABORT))));
        report(id, 0, 0, 1);
        management.applyGate(id, Clock.systemUTC());
        assertThat(management.get(id).state()).isEqualTo(RolloutState.ABORTED);
    }

    @Test
    void shouldHoldUntilTheSoakTimeIsOver() {
        UUID id = startDefaultRollout(List.of(new Stage(5000, 0, TestRollouts.gate(1, 0, Duration.ofHours(1))), new Stage(10_000, 0, null)));
        report(id, 0, 5, 0);
        assertThat(management.applyGate(id, Clock.systemUTC())).isFalse();
        assertThat(management.applyGate(id, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(61)))).isTrue();
        assertThat(management.get(id).currentStage()).isEqualTo(1);
        assertThat(management.applyGate(id, Clock.offset(Clock.systemUTC(), Duration.ofDays(9)))).as("a stage without a gate waits for an operator").isFalse();
    }

    @Test
    void shouldAdvanceEachStageOnceWhileTwoReplicasEvaluate() throws Exception {
        UUID id = startDefaultRollout(List.of(new Stage(5000, 0, TestRollouts.gate(1, 0, Duration.ZERO)), new Stage(10_000, 0, null)));
        report(id, 0, 1, 0);
        Database db = new Database(dataSource);
        GateEvaluation first = new GateEvaluation(db, repository, management, Duration.ofSeconds(1), "replica-a");
        GateEvaluation second = new GateEvaluation(db, repository, management, Duration.ofSeconds(1), "replica-b");

        ExecutorService replicas = Executors.newFixedThreadPool(4);
        List<Future<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (GateEvaluation replica : List.of(first, second)) {
                rounds.add(replicas.submit((Callable<Integer>) () -> replica.evaluateOnce(Clock.systemUTC())));
            }
        }
        int moved = 0;
        for (Future<Integer> round : rounds) {
            moved += round.get();
        }
        replicas.shutdown();

        assertThat(trail(id).stream().filter(event -> event.actorKind() == ActorKind.GATE && event.rollout().equals(id)).count()).isEqualTo(1);
        assertThat(management.get(id).currentStage()).isEqualTo(1);
        assertThat(moved).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldLetAnotherReplicaTakeOverWhenTheLeaseHolderStops() throws Exception {
        Database db = new Database(dataSource);
        GateEvaluation holder = new GateEvaluation(db, repository, management, Duration.ofMillis(500), "replica-holder");
        GateEvaluation standby = new GateEvaluation(db, repository, management, Duration.ofMillis(500), "replica-standby");
        holder.evaluateOnce(Clock.systemUTC());

        UUID id = startDefaultRollout(List.of(new Stage(5000, 0, TestRollouts.gate(1, 0, Duration.ZERO)), new Stage(10_000, 0, null)));
        report(id, 0, 1, 0);
        assertThat(standby.evaluateOnce(Clock.systemUTC())).as("the holder's lease is live").isZero();
        Thread.sleep(700);
        assertThat(standby.evaluateOnce(Clock.systemUTC())).as("the holder stopped renewing").isGreaterThanOrEqualTo(1);
        assertThat(management.get(id).currentStage()).isEqualTo(1);
    }
}
