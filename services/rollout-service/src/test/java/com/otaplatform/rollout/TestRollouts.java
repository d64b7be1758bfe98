package com.otaplatform.rollout;

import com.otaplatform.common.Database;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Draft rollouts written straight to the database, as CreateRollout does after reading the release. */
@ApplicationScoped
public class TestRollouts {
    public static final String DEFAULT_RELEASE = "releases/" + UUID.randomUUID();

    private final Database db;
    private final RolloutRepository repository;

    TestRollouts(AgroalDataSource dataSource, RolloutRepository repository) {
        this.db = new Database(dataSource);
        this.repository = repository;
    }

    /** A gate with the given sample, limit and soak that pauses on failure. */
    public static Gate gate(long minReported, int maxFailureRateBp, Duration soak) {
        return new Gate(minReported, maxFailureRateBp, soak, GateAction.PAUSE);
    }

    /** Stages without gates at these shares. */
    public static List<Stage> ungated(int... percentagesBp) {
        return java.util.Arrays.stream(percentagesBp).mapToObj(bp -> new Stage(bp, null)).toList();
    }

    /** Writes a draft rollout of one adas-main image with these stages; returns its id. */
    public UUID createDefaultDraft(List<Stage> stages) {
        Instant now = Instant.now();
        Rollout draft = new Rollout(UUID.randomUUID(), "test", DEFAULT_RELEASE, "", stages,
                List.of(new RolloutTarget("adas-main", "adas-v3", "artifacts/" + UUID.randomUUID(), "a".repeat(64), "b".repeat(128),
                        10, "2.4.1", "adas.img", 1)), RolloutState.DRAFT, 0, List.of(), "test", now, now, 1);
        db.inTransaction(c -> {
            repository.insert(c, draft);
            return null;
        });
        return draft.id();
    }
}
