package com.otaplatform.rollout;

import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.rollout.repository.RolloutRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows one rollout for a watcher: its state first, then every change, each transition with the
 * audit event that caused it. Read from the database, so changes made by any replica (gates,
 * operators, outcome counters) show up within one poll.
 */
@ApplicationScoped
public class RolloutWatch {
    private static final Logger LOG = Logger.getLogger(RolloutWatch.class);
    private static final int EVENTS_PER_POLL = 1000;

    private final Database db;
    private final RolloutRepository rollouts;
    private final Duration poll;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollout-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** One change: the rollout as it is now and, for a transition, the audit event that caused it (else null). */
    public record Change(Rollout rollout, RolloutEvent event) {
    }

    /** A running watch; {@link #stop()} ends it. */
    public interface Watch {
        void stop();
    }

    RolloutWatch(AgroalDataSource dataSource, RolloutRepository rollouts, @ConfigProperty(name = "ota.rollout.watch-poll") Duration poll) {
        this.db = new Database(dataSource);
        this.rollouts = rollouts;
        this.poll = poll;
    }

    void onStop(@Observes ShutdownEvent event) {
        polls.shutdownNow();
    }

    /**
     * Sends the rollout's state to {@code listener} now (NOT_FOUND if there is none), then every
     * change; after a change into a final state (completed, aborted) {@code ended} runs and the watch stops.
     */
    public Watch watch(UUID id, Consumer<Change> listener, Runnable ended) {
        Follower follower = new Follower(id, listener, ended);
        if (follower.first()) {
            return () -> { };
        }
        ScheduledFuture<?> task = polls.scheduleWithFixedDelay(follower::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        follower.task = task;
        return () -> task.cancel(false);
    }

    private final class Follower {
        private final UUID id;
        private final Consumer<Change> listener;
        private final Runnable ended;
        private Rollout last;
        private long lastSequence;
        private volatile ScheduledFuture<?> task;
        private boolean done;

        Follower(UUID id, Consumer<Change> listener, Runnable ended) {
            this.id = id;
            this.listener = listener;
            this.ended = ended;
        }

        /** Sends the state now; returns whether the rollout has ended already. */
        boolean first() {
            // the trail position first: an event committed in between is sent again by the next poll, never lost
            lastSequence = db.inTransaction(c -> rollouts.lastEventSequence(c, id));
            last = db.inTransaction(c -> rollouts.find(c, id, false)).orElseThrow(() -> ApiException.notFound("rollouts/" + id));
            listener.accept(new Change(last, null));
            return endIf(last.state().isFinal());
        }

        void poll() {
            if (done) {
                return;
            }
            try {
                record Read(Rollout rollout, List<RolloutEvent> events) {
                }
                // the rollout first: the events read after it include the one of every state it shows, so a
                // final state is sent with (or after) its event; a newer event shows up with it in the next poll
                Read read = db.inTransaction(c -> {
                    Rollout rollout = rollouts.find(c, id, false).orElseThrow();
                    return new Read(rollout, rollouts.events(c, id, lastSequence, EVENTS_PER_POLL));
                });
                for (RolloutEvent event : read.events()) {
                    listener.accept(new Change(read.rollout(), event));
                    lastSequence = event.sequence();
                }
                if (read.events().isEmpty() && !read.rollout().equals(last)) {
                    listener.accept(new Change(read.rollout(), null));
                }
                last = read.rollout();
                endIf(last.state().isFinal());
            } catch (RuntimeException e) {
                // the watcher's stream may be gone, or the database away for a moment: the next poll tries again
                LOG.debugf("watch of rollouts/%s: %s", id, e.getMessage());
            }
        }

        private boolean endIf(boolean end) {
            if (end) {
                done = true;
                if (task != null) {
                    task.cancel(false);
                }
                ended.run();
            }
            return end;
        }
    }
}
