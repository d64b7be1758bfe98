package com.otaplatform.rollout;

import com.otaplatform.common.Database;
import com.otaplatform.common.Lease;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies the gates of running rollouts, on exactly one replica at a time (a PostgreSQL lease).
 * Each rollout moves in its own transaction under a row lock, so a crash mid-evaluation moves
 * nothing and no stage is ever advanced twice.
 */
@ApplicationScoped
public class GateEvaluation {
    static final String LEASE = "gate-evaluation";

    private final Database db;
    private final RolloutRepository rollouts;
    private final RolloutManagement management;
    private final Duration leaseTtl;
    private final String holder;

    @Inject
    GateEvaluation(AgroalDataSource dataSource, RolloutRepository rollouts, RolloutManagement management,
            @ConfigProperty(name = "ota.rollout.gate-lease") Duration leaseTtl) {
        // the process id tells operators which replica holds the lease
        this(new Database(dataSource), rollouts, management, leaseTtl,
                "rollout-service-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    GateEvaluation(Database db, RolloutRepository rollouts, RolloutManagement management, Duration leaseTtl, String holder) {
        this.db = db;
        this.rollouts = rollouts;
        this.management = management;
        this.leaseTtl = leaseTtl;
        this.holder = holder;
    }

    @Scheduled(every = "${ota.rollout.gate-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        evaluateOnce(Clock.systemUTC());
    }

    /** One round: if this replica holds the lease, applies every running rollout's gate; returns how many moved. */
    public int evaluateOnce(Clock clock) {
        if (!db.inTransaction(c -> Lease.acquire(c, LEASE, holder, leaseTtl))) {
            return 0;
        }
        int moved = 0;
        for (UUID id : db.inTransaction(rollouts::running)) {
            if (management.applyGate(id, clock)) {
                moved++;
            }
        }
        return moved;
    }
}
