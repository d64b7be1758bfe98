package com.otaplatform.rollout;

import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.rollout.client.ReleaseClient;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creates rollouts and moves them through their lifecycle, recording every transition. */
@ApplicationScoped
public class RolloutManagement {
    private final Database db;
    private final RolloutRepository rollouts;
    private final ReleaseClient releases;
    private final LiveRollouts live;

    RolloutManagement(AgroalDataSource dataSource, RolloutRepository rollouts, ReleaseClient releases, LiveRollouts live) {
        this.db = new Database(dataSource);
        this.rollouts = rollouts;
        this.releases = releases;
        this.live = live;
    }

    /** Creates a draft rollout; the release's images are resolved now and never change after. */
    public Rollout create(String displayName, String release, String selector, List<Stage> stages, String createdBy) {
        List<RolloutTarget> targets = releases.targetsOf("release", release);
        Instant now = Instant.now();
        Rollout rollout = new Rollout(UUID.randomUUID(), displayName, release, selector, stages, targets,
                RolloutState.DRAFT, 0, List.of(), createdBy, now, now, 1);
        return db.inTransaction(c -> {
            rollouts.insert(c, rollout);
            return rollouts.find(c, rollout.id(), false).orElseThrow();
        });
    }

    /** The rollout with its progress, or NOT_FOUND. */
    public Rollout get(UUID id) {
        return db.inTransaction(c -> find(c, id, false));
    }

    /** One page of rollouts, newest first. */
    public List<Rollout> list(long offset, int limit) {
        return db.inTransaction(c -> rollouts.list(c, offset, limit));
    }

    /** One page of the audit trail, oldest first. */
    public List<RolloutEvent> events(UUID id, long offset, int limit) {
        return db.inTransaction(c -> {
            find(c, id, false);
            return rollouts.events(c, id, offset, limit);
        });
    }

    /** Makes a draft live at its first stage. */
    public Rollout start(UUID id, String actor) {
        return transition(id, EnumSet.of(RolloutState.DRAFT), actor, "started", (c, rollout, now) -> {
            rollouts.updateStageState(c, id, 0, StageState.ACTIVE, now);
            return rollout.moveTo(RolloutState.RUNNING, 0, now);
        });
    }

    /** Holds a running rollout: no further vehicle is told to install. */
    public Rollout pause(UUID id, String actor, String reason) {
        return transition(id, EnumSet.of(RolloutState.RUNNING), actor, reason,
                (c, rollout, now) -> rollout.moveTo(RolloutState.PAUSED, rollout.currentStage(), now));
    }

    /** Continues a paused rollout at its current stage; a gate that failed it judges only what happens from now on. */
    public Rollout resume(UUID id, String actor, String reason) {
        return transition(id, EnumSet.of(RolloutState.PAUSED), actor, reason, (c, rollout, now) -> {
            if (rollout.progress().get(rollout.currentStage()).state() == StageState.FAILED) {
                rollouts.moveBaseline(c, id, rollout.currentStage());
                rollouts.updateStageState(c, id, rollout.currentStage(), StageState.ACTIVE, null);
            }
            return rollout.moveTo(RolloutState.RUNNING, rollout.currentStage(), now);
        });
    }

    /** Moves to the next stage now, overriding its gate, if the caller saw the current stage. */
    public Rollout advance(UUID id, int expectedStage, String actor, String reason) {
        return transition(id, EnumSet.of(RolloutState.RUNNING, RolloutState.PAUSED), actor, reason, (c, rollout, now) -> {
            if (rollout.currentStage() != expectedStage) {
                throw ApiException.failedPrecondition("the rollout is at stage " + rollout.currentStage() + ", not "
                        + expectedStage + "; look again before advancing");
            }
            int next = rollout.currentStage() + 1;
            if (next >= rollout.stages().size()) {
                throw ApiException.failedPrecondition("the rollout is at its last stage; there is nothing to advance to");
            }
            rollouts.updateStageState(c, id, rollout.currentStage(), StageState.PASSED, null);
            rollouts.updateStageState(c, id, next, StageState.ACTIVE, now);
            return rollout.moveTo(rollout.state(), next, now);
        });
    }

    /** Ends the rollout for good. */
    public Rollout abort(UUID id, String actor, String reason) {
        return transition(id, EnumSet.of(RolloutState.DRAFT, RolloutState.RUNNING, RolloutState.PAUSED), actor, reason,
                (c, rollout, now) -> rollout.moveTo(RolloutState.ABORTED, rollout.currentStage(), now));
    }

    /** Applies the current stage's gate of a running rollout; returns whether the rollout moved. */
    public boolean applyGate(UUID id, Instant now) {
        boolean moved = db.inTransaction(c -> {
            Rollout before = find(c, id, true);
            if (before.state() != RolloutState.RUNNING) {
                return false; // another replica or an operator moved it meanwhile
            }
            int stage = before.currentStage();
            Stage current = before.stages().get(stage);
            GateVerdict verdict = GateVerdict.judge(current.gate(), before.progress().get(stage), now);
            Rollout after;
            switch (verdict.outcome()) {
                case PASS -> {
                    rollouts.updateStageState(c, id, stage, StageState.PASSED, null);
                    if (before.atLastStage()) {
                        after = before.moveTo(RolloutState.COMPLETED, stage, now);
                    } else {
                        rollouts.updateStageState(c, id, stage + 1, StageState.ACTIVE, now);
                        after = before.moveTo(RolloutState.RUNNING, stage + 1, now);
                    }
                }
                case FAIL -> {
                    rollouts.updateStageState(c, id, stage, StageState.FAILED, null);
                    after = before.moveTo(current.gate().onFailure() == GateAction.ABORT ? RolloutState.ABORTED : RolloutState.PAUSED, stage, now);
                }
                default -> {
                    return false;
                }
            }
            record(c, before, after, ActorKind.GATE, "gate of stage " + (stage + 1), verdict.reason(), now);
            return true;
        });
        if (moved) {
            live.changed();
        }
        return moved;
    }

    @FunctionalInterface
    private interface Step {
        Rollout apply(Connection c, Rollout rollout, Instant now) throws SQLException;
    }

    private Rollout transition(UUID id, Set<RolloutState> from, String actor, String reason, Step step) {
        Rollout after = db.inTransaction(c -> {
            Rollout before = find(c, id, true);
            if (!from.contains(before.state())) {
                throw ApiException.failedPrecondition("rollouts/" + id + " is " + before.state().name().toLowerCase()
                        + "; this needs it to be " + from.stream().map(s -> s.name().toLowerCase()).toList());
            }
            Instant now = Instant.now();
            record(c, before, step.apply(c, before, now), ActorKind.USER, actor, reason, now);
            return rollouts.find(c, id, false).orElseThrow();
        });
        live.changed();
        return after;
    }

    private void record(Connection c, Rollout before, Rollout after, ActorKind kind, String actor, String reason, Instant now) throws SQLException {
        rollouts.updateState(c, after);
        rollouts.appendEvent(c, new RolloutEvent(after.id(), 0, before.state(), after.state(), after.currentStage(), kind, actor, reason, now));
    }

    private Rollout find(Connection c, UUID id, boolean forUpdate) throws SQLException {
        return rollouts.find(c, id, forUpdate).orElseThrow(() -> ApiException.notFound("rollouts/" + id));
    }
}
