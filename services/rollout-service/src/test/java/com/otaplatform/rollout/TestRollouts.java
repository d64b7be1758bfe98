package com.otaplatform.rollout;

import com.otaplatform.common.Bucketing;
import com.otaplatform.common.Database;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.fleet.v1.ListUpdateOutcomesResponse;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.rollout.repository.OutcomeRepository;
import com.otaplatform.rollout.repository.RolloutRepository;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Draft rollouts written straight to the database, as CreateRollout does after reading the release. */
@ApplicationScoped
public class TestRollouts {
    public static final String DEFAULT_RELEASE = "releases/" + UUID.randomUUID();

    private static final AtomicInteger VINS = new AtomicInteger();

    private final Database db;
    private final RolloutRepository repository;
    private final OutcomeRepository outcomes;
    private final OutcomeFolding folding;

    TestRollouts(AgroalDataSource dataSource, RolloutRepository repository, OutcomeRepository outcomes, OutcomeFolding folding) {
        this.db = new Database(dataSource);
        this.repository = repository;
        this.outcomes = outcomes;
        this.folding = folding;
    }

    /** Reports final outcomes of fresh vehicles that fall in the stage, through the outcome feed's fold. */
    public void report(UUID rollout, int stage, int succeeded, int failed) {
        List<Integer> percentages = db.inTransaction(c -> repository.find(c, rollout, false)).orElseThrow().percentagesBp();
        long after = db.inTransaction(outcomes::lockCursor);
        ListUpdateOutcomesResponse.Builder page = ListUpdateOutcomesResponse.newBuilder();
        long sequence = after;
        for (int i = 0; i < succeeded + failed; i++) {
            String vin = vinInStage(rollout, stage, percentages);
            UpdatePhase phase = i < succeeded ? UpdatePhase.UPDATE_PHASE_SUCCEEDED : UpdatePhase.UPDATE_PHASE_ROLLED_BACK;
            page.addEvents(VehicleEvent.newBuilder().setSequence(++sequence).setVin(vin).setEvent(StatusEvent.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setRollout("rollouts/" + rollout).setPhase(phase)));
        }
        folding.fold(after, page.setLastSequence(sequence).build());
    }

    private static String vinInStage(UUID rollout, int stage, List<Integer> percentages) {
        while (true) {
            String vin = String.format("LGT%014d", VINS.incrementAndGet());
            if (Bucketing.stageOf(Bucketing.bucket(rollout, vin), percentages) == stage) {
                return vin;
            }
        }
    }

    /** A gate with the given sample, limit and soak that pauses on failure. */
    public static Gate gate(long minReported, int maxFailureRateBp, Duration soak) {
        return new Gate(minReported, maxFailureRateBp, soak, GateAction.PAUSE);
    }

    /** Stages without gates at these shares. */
    public static List<Stage> ungated(int... percentagesBp) {
        return java.util.Arrays.stream(percentagesBp).mapToObj(bp -> new Stage(bp, 0, null)).toList();
    }

    /** Writes a draft rollout of one adas-main image with these stages and a selector of its own; returns its id. */
    public UUID createDefaultDraft(List<Stage> stages) {
        return createDraft(stages, "test-draft = '" + UUID.randomUUID() + "'", 0, InstallPolicy.NONE);
    }

    /** Writes a draft rollout of one adas-main image (version 2.4.1) with these stages, selector, priority and policy; returns its id. */
    public UUID createDraft(List<Stage> stages, String selector, int priority, InstallPolicy policy) {
        Instant now = Instant.now();
        Rollout draft = new Rollout(UUID.randomUUID(), "test", DEFAULT_RELEASE, selector, stages,
                List.of(new RolloutTarget("adas-main", "adas-v3", "artifacts/" + UUID.randomUUID(), "a".repeat(64), "b".repeat(128),
                        10, "2.4.1", "adas.img", 1)), policy, priority, null, RolloutState.DRAFT, 0, List.of(), "test", now, now, 1);
        db.inTransaction(c -> {
            repository.insert(c, draft);
            return null;
        });
        return draft.id();
    }
}
