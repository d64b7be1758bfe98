package com.otaplatform.rollout;

import com.otaplatform.common.Bucketing;
import com.otaplatform.common.Database;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.ListUpdateOutcomesRequest;
import com.otaplatform.fleet.v1.ListUpdateOutcomesResponse;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.rollout.repository.OutcomeRepository;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Folds check-in's durable feed of update outcomes into per-vehicle outcomes and per-stage
 * counters. The feed cursor moves in the same transaction as the counters, so a crash between
 * two pages neither loses nor double-counts an event, and replicas never fold the same page twice.
 */
@ApplicationScoped
public class OutcomeFolding {
    private static final Logger LOG = Logger.getLogger(OutcomeFolding.class);
    private static final int PAGE = 1000;

    private final Database db;
    private final RolloutRepository rollouts;
    private final OutcomeRepository outcomes;

    @GrpcClient("fleet")
    FleetServiceGrpc.FleetServiceBlockingStub fleet;

    OutcomeFolding(AgroalDataSource dataSource, RolloutRepository rollouts, OutcomeRepository outcomes) {
        this.db = new Database(dataSource);
        this.rollouts = rollouts;
        this.outcomes = outcomes;
    }

    @Scheduled(every = "${ota.rollout.outcome-poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            while (foldNextPage() == PAGE) {
                LOG.debugf("folded a full page of outcomes; reading on");
            }
        } catch (StatusRuntimeException e) {
            LOG.warnf("checkin-service's outcome feed is not reachable (%s); retrying", e.getStatus());
        }
    }

    /** Reads and folds one page; returns how many events it held. */
    int foldNextPage() {
        long after = db.inTransaction(c -> outcomes.lockCursor(c));
        ListUpdateOutcomesResponse page = fleet.withDeadlineAfter(10, TimeUnit.SECONDS)
                .listUpdateOutcomes(ListUpdateOutcomesRequest.newBuilder().setAfterSequence(after).setPageSize(PAGE).build());
        fold(after, page);
        return page.getEventsCount();
    }

    /** Folds one page read after cursor {@code after}, unless another replica folded it meanwhile. */
    void fold(long after, ListUpdateOutcomesResponse page) {
        if (page.getEventsCount() == 0) {
            return;
        }
        db.inTransaction(c -> {
            if (outcomes.lockCursor(c) != after) {
                return null; // another replica folded this page meanwhile
            }
            Map<UUID, Optional<Rollout>> seen = new HashMap<>();
            for (VehicleEvent event : page.getEventsList()) {
                fold(c, event, seen);
            }
            outcomes.moveCursor(c, page.getLastSequence());
            return null;
        });
    }

    private void fold(Connection c, VehicleEvent event, Map<UUID, Optional<Rollout>> seen) throws SQLException {
        UUID rolloutId = rolloutId(event.getEvent().getRollout());
        Optional<VehicleOutcome> outcome = outcomeOf(event);
        if (rolloutId == null || outcome.isEmpty()) {
            return;
        }
        Optional<Rollout> rollout = seen.get(rolloutId);
        if (rollout == null) {
            rollout = rollouts.find(c, rolloutId, false);
            seen.put(rolloutId, rollout);
        }
        if (rollout.isEmpty()) {
            return;
        }
        int stage = Bucketing.stageOf(Bucketing.bucket(rolloutId, event.getVin()), rollout.get().percentagesBp());
        if (stage < 0) {
            return;
        }
        VehicleOutcome now = outcome.get();
        Optional<VehicleOutcome> before = outcomes.vehicleStatus(c, rolloutId, event.getVin()).map(VehicleOutcome::valueOf);
        if (before.isEmpty()) {
            outcomes.insertVehicle(c, rolloutId, event.getVin(), stage, now.name());
            outcomes.count(c, rolloutId, stage, 1, one(now, VehicleOutcome.SUCCEEDED), one(now, VehicleOutcome.FAILED),
                    one(now, VehicleOutcome.IN_PROGRESS));
        } else if (now.isFinal() && before.get() != now) {
            VehicleOutcome old = before.get();
            outcomes.updateVehicle(c, rolloutId, event.getVin(), now.name());
            outcomes.count(c, rolloutId, stage, 0, one(now, VehicleOutcome.SUCCEEDED) - one(old, VehicleOutcome.SUCCEEDED),
                    one(now, VehicleOutcome.FAILED) - one(old, VehicleOutcome.FAILED), -one(old, VehicleOutcome.IN_PROGRESS));
        }
    }

    private static long one(VehicleOutcome outcome, VehicleOutcome wanted) {
        return outcome == wanted ? 1 : 0;
    }

    private static Optional<VehicleOutcome> outcomeOf(VehicleEvent event) {
        return switch (event.getEvent().getPhase()) {
            case UPDATE_PHASE_ASSIGNED, UPDATE_PHASE_DOWNLOADING, UPDATE_PHASE_VERIFIED, UPDATE_PHASE_INSTALLING ->
                    Optional.of(VehicleOutcome.IN_PROGRESS);
            case UPDATE_PHASE_SUCCEEDED -> Optional.of(VehicleOutcome.SUCCEEDED);
            case UPDATE_PHASE_FAILED, UPDATE_PHASE_ROLLED_BACK -> Optional.of(VehicleOutcome.FAILED);
            default -> Optional.empty();
        };
    }

    private static UUID rolloutId(String name) {
        if (!name.startsWith("rollouts/")) {
            return null;
        }
        try {
            return UUID.fromString(name.substring("rollouts/".length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
