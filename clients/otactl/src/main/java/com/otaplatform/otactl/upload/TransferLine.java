package com.otaplatform.otactl.upload;

import com.otaplatform.otactl.output.Formats;

import java.time.Duration;
import java.util.Locale;

/**
 * Renders one line of transfer progress: percentage, bar, bytes, rate and ETA, for example
 * {@code  42% [=========>            ] 8.4 MiB / 20.0 MiB  5.2 MiB/s  ETA 0:03}. The rate counts only the bytes sent in
 * this run (a resumed upload does not claim the bytes sent before).
 */
public final class TransferLine {
    private TransferLine() {
    }

    public static String render(String label, long done, long total, long startedAt, Duration elapsed, int width) {
        long sent = Math.max(0, done - startedAt);
        double seconds = elapsed.toMillis() / 1000.0;
        double rate = seconds > 0 ? sent / seconds : 0;
        int pct = total <= 0 ? 100 : (int) Math.min(100, (done * 100) / total);
        String amounts = Formats.bytes(done) + " / " + Formats.bytes(total);
        String speed = rate > 0 ? Formats.bytes((long) rate) + "/s" : "-- B/s";
        String eta;
        if (done >= total) {
            eta = "in " + Formats.clock(elapsed);
        } else if (rate > 0) {
            eta = "ETA " + Formats.clock(Duration.ofSeconds((long) Math.ceil((total - done) / rate)));
        } else {
            eta = "ETA --:--";
        }
        String prefix = (label == null || label.isEmpty() ? "" : label + " ") + String.format(Locale.ROOT, "%3d%% ", pct);
        String suffix = " " + amounts + "  " + speed + "  " + eta;
        int barWidth = Math.min(40, width - prefix.length() - suffix.length() - 2);
        if (barWidth < 5) {
            return (prefix + suffix.trim());
        }
        return prefix + bar(done, total, barWidth) + suffix;
    }

    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? width : (int) Math.min(width, (done * width) / total);
        StringBuilder b = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++) {
            if (i < filled) {
                b.append('=');
            } else if (i == filled) {
                b.append('>');
            } else {
                b.append(' ');
            }
        }
        return b.append(']').toString();
    }
}
