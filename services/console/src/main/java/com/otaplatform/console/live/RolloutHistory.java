package com.otaplatform.console.live;

import com.otaplatform.console.OutcomeSample;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.config.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcome counts of every rollout the console has read, over time, for the chart. Samples are
 * taken whenever someone's page reads a rollout (the console has no token of its own to poll with),
 * so a chart starts when the rollout was first watched; they are kept in memory, bounded per rollout.
 */
@ApplicationScoped
public class RolloutHistory {
    // a flat stretch still gets a point now and then so that the time axis keeps moving
    static final Duration FLAT_SAMPLE_EVERY = Duration.ofSeconds(15);
    private static final int MAX_ROLLOUTS = 500;

    private final Map<String, Deque<OutcomeSample>> samples = new ConcurrentHashMap<>();
    private final int maxSamples;
    private final Clock clock;

    @Inject
    RolloutHistory(ConsoleConfig config) {
        this(config.maxSamples(), Clock.systemUTC());
    }

    RolloutHistory(int maxSamples, Clock clock) {
        this.maxSamples = maxSamples;
        this.clock = clock;
    }

    /** Records the rollout's counts now, unless they did not change since a recent sample; returns the new sample or null. */
    public OutcomeSample record(RolloutView rollout) {
        if (!samples.containsKey(rollout.id()) && samples.size() >= MAX_ROLLOUTS) {
            samples.clear();
        }
        Deque<OutcomeSample> series = samples.computeIfAbsent(rollout.id(), id -> new ArrayDeque<>());
        Instant now = clock.instant();
        RolloutView.Totals totals = rollout.totals();
        OutcomeSample sample = new OutcomeSample(now, totals.reached(), totals.succeeded(), totals.failed(), totals.inProgress());
        synchronized (series) {
            OutcomeSample last = series.peekLast();
            if (last != null && sameCounts(last, sample) && last.time().plus(FLAT_SAMPLE_EVERY).isAfter(now)) {
                return null;
            }
            series.addLast(sample);
            while (series.size() > maxSamples) {
                series.removeFirst();
            }
        }
        return sample;
    }

    /** The samples of one rollout, oldest first. */
    public List<OutcomeSample> samples(String rolloutId) {
        Deque<OutcomeSample> series = samples.get(rolloutId);
        if (series == null) {
            return List.of();
        }
        synchronized (series) {
            return List.copyOf(series);
        }
    }

    private static boolean sameCounts(OutcomeSample a, OutcomeSample b) {
        return a.reached() == b.reached() && a.succeeded() == b.succeeded() && a.failed() == b.failed() && a.inProgress() == b.inProgress();
    }
}
