package com.otaplatform.console.live;

import com.otaplatform.console.RolloutEventView;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.client.RolloutClient;
import com.otaplatform.console.client.ServiceCallException;
import com.otaplatform.console.client.UserCredentials;
import com.otaplatform.console.config.ConsoleConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live updates for the pages, always read with the viewer's own token. A rollout page follows rollout-service's
 * WatchRollout: each change is passed on as it comes, with the audit trail when a transition happened; the last state
 * is sent again every {@link #HEARTBEAT} so the chart's time axis moves and idle connections stay open. The rollout
 * list has no watch call, so it is re-read every {@code ota.console.live-poll} and sent when it changed. A stream lasts
 * at most {@code ota.console.live-stream-max}: the browser's EventSource reconnects by itself, and the reconnect
 * refreshes a session whose token is expiring.
 */
@ApplicationScoped
public class RolloutWatcher {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    // list polls without a change after which the list is sent again, as a heartbeat
    static final int HEARTBEAT_TICKS = 10;

    private final RolloutClient rollouts;
    private final RolloutHistory history;
    private final ConsoleConfig config;

    RolloutWatcher(RolloutClient rollouts, RolloutHistory history, ConsoleConfig config) {
        this.rollouts = rollouts;
        this.history = history;
        this.config = config;
    }

    /**
     * Updates of one rollout: its state and counts, new samples, and the whole audit trail first and whenever a
     * transition happened. Ends when the rollout is finished (WatchRollout ends), after a failure (sent as the last
     * update), or after {@code live-stream-max}.
     */
    public Multi<RolloutUpdate> watch(UserCredentials user, String id) {
        return Multi.createFrom().emitter(emitter -> follow(user, id, emitter), BackPressureStrategy.BUFFER);
    }

    private void follow(UserCredentials user, String id, MultiEmitter<? super RolloutUpdate> emitter) {
        AtomicReference<RolloutView> last = new AtomicReference<>();
        List<RolloutEventView> trail = new ArrayList<>();
        ScheduledFuture<?> heartbeat = Infrastructure.getDefaultWorkerPool().scheduleAtFixedRate(() -> {
            RolloutView rollout = last.get();
            if (rollout != null) {
                emitter.emit(new RolloutUpdate(rollout, history.record(rollout), null, null));
            }
        }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> end = Infrastructure.getDefaultWorkerPool().schedule(emitter::complete,
                config.liveStreamMax().toMillis(), TimeUnit.MILLISECONDS);
        AtomicBoolean terminated = new AtomicBoolean();
        AtomicReference<RolloutClient.Watch> watch = new AtomicReference<>();
        emitter.onTermination(() -> {
            terminated.set(true);
            heartbeat.cancel(false);
            end.cancel(false);
            Optional.ofNullable(watch.get()).ifPresent(RolloutClient.Watch::cancel);
        });
        watch.set(rollouts.watch(user, id, (rollout, event) -> {
            try {
                List<RolloutEventView> events = null;
                synchronized (trail) {
                    if (last.get() == null) {
                        trail.addAll(rollouts.events(user, id));
                        events = List.copyOf(trail);
                    } else if (event != null && (trail.isEmpty() || event.sequence() > trail.get(trail.size() - 1).sequence())) {
                        trail.add(event);
                        events = List.copyOf(trail);
                    }
                    last.set(rollout);
                }
                emitter.emit(new RolloutUpdate(rollout, history.record(rollout), events, null));
            } catch (ServiceCallException e) {
                fail(emitter, e);
            }
        }, failure -> {
            if (failure == null) {
                emitter.complete();
            } else {
                fail(emitter, failure);
            }
        }));
        if (terminated.get()) {
            watch.get().cancel();
        }
    }

    private static void fail(MultiEmitter<? super RolloutUpdate> emitter, ServiceCallException e) {
        emitter.emit(new RolloutUpdate(null, null, null, new RolloutUpdate.StreamError(e.code(), e.service(), e.getMessage())));
        emitter.complete();
    }

    /** Updates of the rollout list: every rollout, whenever one of them changed. */
    public Multi<RolloutListUpdate> watchAll(UserCredentials user) {
        AtomicReference<List<RolloutView>> last = new AtomicReference<>();
        AtomicInteger quiet = new AtomicInteger();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.livePoll())
                .onOverflow().drop()
                .select().first(config.liveStreamMax())
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom().item(() -> {
                    List<RolloutView> all = rollouts.listAll(user);
                    all.forEach(history::record);
                    if (all.equals(last.getAndSet(all)) && quiet.incrementAndGet() < HEARTBEAT_TICKS) {
                        return null;
                    }
                    quiet.set(0);
                    return new RolloutListUpdate(all, null);
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .filter(Objects::nonNull)
                .onFailure(ServiceCallException.class).recoverWithItem(e -> {
                    ServiceCallException call = (ServiceCallException) e;
                    return new RolloutListUpdate(null, new RolloutUpdate.StreamError(call.code(), call.service(), call.getMessage()));
                });
    }
}
