package com.otaplatform.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.console.RolloutView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutHistoryTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static RolloutView createDefaultRollout(long succeeded) {
        return new RolloutView("rollouts/r1", "r1", "r", "releases/x", "", "RUNNING", 0, List.of(),
                new RolloutView.Totals(10, succeeded, 1, 2), List.of(), "operator", START, START, 1, "");
    }

    private static final class MutableClock extends Clock {
        Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldSampleOnlyWhenCountsChangeOrTheLineWentFlatForAWhile() {
        MutableClock clock = new MutableClock();
        RolloutHistory history = new RolloutHistory(100, clock);
        assertThat(history.record(createDefaultRollout(1))).isNotNull();
        clock.now = START.plusSeconds(2);
        assertThat(history.record(createDefaultRollout(1))).isNull();
        clock.now = START.plusSeconds(4);
        assertThat(history.record(createDefaultRollout(2))).isNotNull();
        clock.now = START.plusSeconds(4).plus(RolloutHistory.FLAT_SAMPLE_EVERY);
        assertThat(history.record(createDefaultRollout(2))).isNotNull();
        assertThat(history.samples("r1")).extracting(s -> s.succeeded()).containsExactly(1L, 2L, 2L);
        assertThat(history.samples("unknown")).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheNewestSamples() {
        MutableClock clock = new MutableClock();
        RolloutHistory history = new RolloutHistory(3, clock);
        for (int i = 0; i < 5; i++) {
            clock.now = START.plusSeconds(i);
            history.record(createDefaultRollout(i));
        }
        assertThat(history.samples("r1")).extracting(s -> s.succeeded()).containsExactly(2L, 3L, 4L);
    }
}
