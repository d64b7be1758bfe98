package com.otaplatform.otactl.upload;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TransferLineTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void showsPercentBarBytesRateAndEta() {
        String line = TransferLine.render("fw.bin", 5 * MIB, 20 * MIB, 0, Duration.ofSeconds(2), 100);
        assertThat(line).isEqualTo("fw.bin  25% [==========>                             ] 5.0 MiB / 20.0 MiB  2.5 MiB/s  ETA 0:06");
    }

    @Test
    void rateCountsOnlyThisRunsBytesAfterAResume() {
        String line = TransferLine.render("", 15 * MIB, 20 * MIB, 10 * MIB, Duration.ofSeconds(5), 100);
        assertThat(line).contains("1.0 MiB/s").contains("ETA 0:05").startsWith(" 75% [");
    }

    @Test
    void finishedShowsTheTimeTaken() {
        String line = TransferLine.render("x", 20 * MIB, 20 * MIB, 0, Duration.ofSeconds(65), 100);
        assertThat(line).contains("100% [========================================]").endsWith("in 1:05");
    }

    @Test
    void unknownRateAndNarrowTerminals() {
        assertThat(TransferLine.render("x", 0, 20 * MIB, 0, Duration.ZERO, 100)).contains("-- B/s").endsWith("ETA --:--");
        String narrow = TransferLine.render("x", 10 * MIB, 20 * MIB, 0, Duration.ofSeconds(1), 30);
        assertThat(narrow).doesNotContain("[").contains("50%");
        assertThat(TransferLine.render("big", 3L << 40, 4L << 40, 0, Duration.ofHours(1), 120)).contains("3.0 TiB / 4.0 TiB");
    }

    @Test
    void drivesTheProgressBarLibrary() {
        List<String> frames = new CopyOnWriteArrayList<>();
        try (ProgressBarListener listener = new ProgressBarListener("fw.bin", new DelegatingProgressBarConsumer(frames::add, 120))) {
            listener.started(0, 20 * MIB);
            listener.progressed(10 * MIB);
            listener.resuming(8 * MIB, 1, new RuntimeException("cut"));
            listener.progressed(20 * MIB);
        }
        assertThat(frames).isNotEmpty();
        assertThat(frames.get(frames.size() - 1)).startsWith("fw.bin 100% [").contains("20.0 MiB / 20.0 MiB");
    }
}
