package com.otaplatform.rollout;

import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.Selector;
import com.otaplatform.rollout.client.FleetClient;
import com.otaplatform.rollout.client.ReleaseClient;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates rollouts and moves them through their lifecycle, recording every transition. */
@ApplicationScoped
public class RolloutManagement {
    private final Database db;
    private final RolloutRepository rollouts;
    private final ReleaseClient releases;
    private final LiveRollouts live;
    private final FleetClient fleet;

    RolloutManagement(AgroalDataSource dataSource, RolloutRepository rollouts, ReleaseClient releases, LiveRollouts live, FleetClient fleet) {
        this.db = new Database(dataSource);
        this.rollouts = rollouts;
        this.releases = releases;
        this.live = live;
        this.fleet = fleet;
    }

    /** Creates a draft rollout; the release's images are resolved now and never change after. */
    public Rollout create(String displayName, String release, String selector, List<Stage> stages, InstallPolicy installPolicy,
            int priority, String createdBy) {
        List<RolloutTarget> targets = releases.targetsOf("release", release);
        Instant now = Instant.now();
        Rollout rollout = new Rollout(UUID.randomUUID(), displayName, release, selector, stages, targets, installPolicy, priority, null,
                RolloutState.DRAFT, 0, List.of(), createdBy, now, now, 1);
        return db.inTransaction(c -> {
            rollouts.insert(c, rollout);
            return rollouts.find(c, rollout.id(), false).orElseThrow();
        });
    }

    /**
     * Ends a rollout that vehicles took and creates a draft of the previous release (or
     * {@code release}, when given) for exactly those vehicles: the original selector and, for each of
     * its images, "the ECU runs the version this rollout installed". Both audit trails say why.
     */
    public Rollout rollback(UUID id, String release, String actor, String reason) {
        Rollout original = db.inTransaction(c -> requireRollbackable(c, find(c, id, false)));
        String previous = release.isEmpty() ? releases.supersededRelease("name", original.release()).orElseThrow(() ->
                ApiException.failedPrecondition(original.release() + " of " + original.name()
                        + " supersedes no release; name the release to go back to")) : release;
        if (previous.equals(original.release())) {
            throw ApiException.invalidField("release", "is the release " + original.name() + " rolls out; name an earlier one");
        }
        List<RolloutTarget> targets = releases.targetsOf("release", previous);
        Selector selector = Selector.parse("selector", original.selector());
        for (RolloutTarget took : original.targets()) {
            selector = selector.and("selector", Selector.ecuVersionTerm(took.ecu(), took.version()));
        }
        Instant now = Instant.now();
        String displayName = "rollback of " + original.displayName();
        Rollout draft = new Rollout(UUID.randomUUID(), displayName.substring(0, Math.min(displayName.length(), 128)), previous,
                selector.source(), original.stages(), targets, original.installPolicy(), original.priority(), original.id(),
                RolloutState.DRAFT, 0, List.of(), actor, now, now, 1);
        Rollout created = db.inTransaction(c -> {
            Rollout before = requireRollbackable(c, find(c, id, true));
            rollouts.insert(c, draft);
            record(c, before, before.moveTo(RolloutState.ABORTED, before.currentStage(), now), ActorKind.USER, actor,
                    "rolled back by " + draft.name() + ": " + reason, now);
            rollouts.appendEvent(c, new RolloutEvent(draft.id(), 0, RolloutState.DRAFT, RolloutState.DRAFT, 0, ActorKind.USER, actor,
                    "rolls back " + original.name() + ": " + reason, now));
            return rollouts.find(c, draft.id(), false).orElseThrow();
        });
        live.changed();
        return created;
    }

    // A draft reached no vehicle; a rollout already rolled back has its rollback.
    private Rollout requireRollbackable(Connection c, Rollout rollout) throws SQLException {
        if (rollout.state() == RolloutState.DRAFT) {
            throw ApiException.failedPrecondition(rollout.name() + " is a draft; no vehicle took it, so there is nothing to roll back");
        }
        Optional<UUID> rollback = rollouts.rollbackOf(c, rollout.id());
        if (rollback.isPresent()) {
            throw ApiException.failedPrecondition(rollout.name() + " is already rolled back by rollouts/" + rollback.get());
        }
        return rollout;
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

    /** What a draft would reach over today's fleet, and which selected vehicles it could not. */
    public RolloutReach dryRun(UUID id) {
        Rollout draft = get(id);
        if (draft.state() != RolloutState.DRAFT) {
            throw ApiException.failedPrecondition(draft.name() + " is " + draft.state().name().toLowerCase()
                    + "; a dry run is for drafts (its progress shows what it reached)");
        }
        return fleet.estimate(draft);
    }

    /** Makes a draft live at its first stage. */
    public Rollout start(UUID id, String actor) {
        return transition(id, EnumSet.of(RolloutState.DRAFT), actor, "started", (c, rollout, now) -> {
            refuseTie(c, rollout);
            rollouts.updateStageState(c, id, 0, StageState.ACTIVE, now);
            return rollout.moveTo(RolloutState.RUNNING, 0, now);
        });
    }

    // Precedence orders live rollouts by priority, then age; for the same vehicles and ECU at the
    // same priority that order would only hide an operator's mistake, so it is refused.
    private void refuseTie(Connection c, Rollout starting) throws SQLException {
        rollouts.lockStarts(c);
        for (Rollout other : rollouts.liveWithPriority(c, starting.priority())) {
            if (other.selector().equals(starting.selector()) && other.sharesEcuWith(starting)) {
                throw ApiException.failedPrecondition(other.name() + " (" + other.displayName() + ") is live on the same ECU with the same"
                        + " selector and priority " + starting.priority() + "; abort it, or create this rollout with another priority");
            }
        }
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

    /**
     * Applies the current stage's gate of a running rollout; returns whether the rollout moved. The time is read from
     * {@code clock} once the rollout's row is locked, so that waiting for the lock never shortens the next stage's soak.
     */
    public boolean applyGate(UUID id, Clock clock) {
        boolean moved = db.inTransaction(c -> {
            Rollout before = find(c, id, true);
            if (before.state() != RolloutState.RUNNING) {
                return false; // another replica or an operator moved it meanwhile
            }
            Instant now = clock.instant();
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
