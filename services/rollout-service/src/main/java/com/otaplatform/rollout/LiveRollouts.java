package com.otaplatform.rollout;

import com.otaplatform.common.Database;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The set of rollouts check-in must know: running, paused, and completed within the retention
 * (they keep serving vehicles that check in late). Pushed whole to every subscriber (check-in
 * replicas) first and after every change, including changes made by other replicas of this service.
 */
@ApplicationScoped
public class LiveRollouts {
    private final Database db;
    private final RolloutRepository rollouts;
    private final Set<Consumer<Snapshot>> subscribers = new CopyOnWriteArraySet<>();
    private long lastMark = -1;
    private Snapshot current = new Snapshot(List.of(), 0);

    /** The live rollouts at one version. */
    public record Snapshot(List<Rollout> rollouts, long version) {
    }

    private final Duration completedRetention;

    LiveRollouts(AgroalDataSource dataSource, RolloutRepository rollouts,
            @ConfigProperty(name = "ota.rollout.completed-retention") Duration completedRetention) {
        this.db = new Database(dataSource);
        this.rollouts = rollouts;
        this.completedRetention = completedRetention;
    }

    /** Registers a subscriber and sends it the current set. */
    public void subscribe(Consumer<Snapshot> subscriber) {
        subscribers.add(subscriber);
        subscriber.accept(snapshot());
    }

    public void unsubscribe(Consumer<Snapshot> subscriber) {
        subscribers.remove(subscriber);
    }

    /** The set as last read. */
    public Snapshot current() {
        return snapshot();
    }

    /** Re-reads the set now and pushes it. */
    public void changed() {
        publish(true);
    }

    @Scheduled(every = "${ota.rollout.live-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        publish(false);
    }

    private synchronized Snapshot snapshot() {
        if (lastMark < 0) {
            reload(db.inTransaction(rollouts::changeMark));
        }
        return current;
    }

    private synchronized void publish(boolean force) {
        long mark = db.inTransaction(rollouts::changeMark);
        if (!force && mark == lastMark) {
            return;
        }
        reload(mark);
        subscribers.forEach(subscriber -> subscriber.accept(current));
    }

    private void reload(long mark) {
        current = new Snapshot(db.inTransaction(c -> rollouts.live(c, completedRetention)), current.version() + 1);
        lastMark = mark;
    }
}
