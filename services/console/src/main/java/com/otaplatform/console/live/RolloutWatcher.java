package com.otaplatform.console.live;

import com.otaplatform.console.RolloutView;
import com.otaplatform.console.client.RolloutClient;
import com.otaplatform.console.client.ServiceCallException;
import com.otaplatform.console.client.UserCredentials;
import com.otaplatform.console.config.ConsoleConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Live updates for the pages. rollout-service has no WatchRollout yet, so each stream re-reads what
 * it shows every {@code ota.console.live-poll} with the viewer's own token and sends only changes
 * (plus a heartbeat). A stream lasts at most {@code ota.console.live-stream-max}: the browser's
 * EventSource reconnects by itself, and the reconnect refreshes a session whose token is expiring.
 */
@ApplicationScoped
public class RolloutWatcher {
    // ticks without a change after which the current state is sent again, as a heartbeat
    static final int HEARTBEAT_TICKS = 10;

    private final RolloutClient rollouts;
    private final RolloutHistory history;
    private final ConsoleConfig config;

    RolloutWatcher(RolloutClient rollouts, RolloutHistory history, ConsoleConfig config) {
        this.rollouts = rollouts;
        this.history = history;
        this.config = config;
    }

    /** Updates of one rollout: its state and counts, new samples, and the audit trail when a transition happened. */
    public Multi<RolloutUpdate> watch(UserCredentials user, String id) {
        AtomicReference<RolloutView> last = new AtomicReference<>();
        AtomicLong lastRevision = new AtomicLong(-1);
        AtomicInteger quiet = new AtomicInteger();
        return poll(() -> {
            RolloutView rollout = rollouts.get(user, id);
            var sample = history.record(rollout);
            var events = rollout.revision() != lastRevision.getAndSet(rollout.revision()) ? rollouts.events(user, id) : null;
            boolean changed = !rollout.equals(last.getAndSet(rollout)) || sample != null || events != null;
            if (!changed && quiet.incrementAndGet() < HEARTBEAT_TICKS) {
                return null;
            }
            quiet.set(0);
            return new RolloutUpdate(rollout, sample, events, null);
        }, e -> new RolloutUpdate(null, null, null, e));
    }

    /** Updates of the rollout list: every rollout, whenever one of them changed. */
    public Multi<RolloutListUpdate> watchAll(UserCredentials user) {
        AtomicReference<List<RolloutView>> last = new AtomicReference<>();
        AtomicInteger quiet = new AtomicInteger();
        return poll(() -> {
            List<RolloutView> all = rollouts.listAll(user);
            all.forEach(history::record);
            if (all.equals(last.getAndSet(all)) && quiet.incrementAndGet() < HEARTBEAT_TICKS) {
                return null;
            }
            quiet.set(0);
            return new RolloutListUpdate(all, null);
        }, e -> new RolloutListUpdate(null, e));
    }

    private <T> Multi<T> poll(Supplier<T> read, java.util.function.Function<RolloutUpdate.StreamError, T> failure) {
        Duration every = config.livePoll();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(every)
                .onOverflow().drop()
                .select().first(config.liveStreamMax())
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom().item(read).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .filter(Objects::nonNull)
                .onFailure(ServiceCallException.class).recoverWithItem(e -> {
                    ServiceCallException call = (ServiceCallException) e;
                    return failure.apply(new RolloutUpdate.StreamError(call.code(), call.service(), call.getMessage()));
                });
    }
}
