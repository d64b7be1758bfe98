package com.otaplatform.otactl.output;

import com.google.protobuf.Timestamp;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small text formats shared by the commands. */
public final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** 1536 -> "1.5 KiB"; below 1 KiB exact bytes. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** 65 s -> "1:05", 3723 s -> "1:02:03". */
    public static String clock(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    /** Basis points as a percentage: 250 -> "2.5%", 10000 -> "100%". */
    public static String percent(long basisPoints) {
        if (basisPoints % 100 == 0) {
            return (basisPoints / 100) + "%";
        }
        String s = String.format(Locale.ROOT, "%.2f", basisPoints / 100.0);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    public static String time(Timestamp t) {
        if (t == null || (t.getSeconds() == 0 && t.getNanos() == 0)) {
            return "-";
        }
        return time(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** A protobuf Duration as "10m", "1h30m", "45s". */
    public static String duration(com.google.protobuf.Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            b.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }

    /** An enum constant's name without its type prefix: ROLLOUT_STATE_RUNNING -> RUNNING. */
    public static String enumName(Enum<?> value, String prefix) {
        String name = value.name();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /** First {@code n} characters, for long hashes in tables. */
    public static String shortHash(String hex, int n) {
        return hex == null || hex.length() <= n ? (hex == null || hex.isEmpty() ? "-" : hex) : hex.substring(0, n);
    }

    public static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
