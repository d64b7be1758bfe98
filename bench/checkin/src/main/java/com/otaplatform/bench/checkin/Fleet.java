package com.otaplatform.bench.checkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * The benchmark fleet: vehicle {@code i} of {@code size} has a VIN, attributes and one ADAS ECU on
 * the old image, computed from {@code i} alone, so that the loader and the load generator agree
 * without sharing state. Tiers select nested cohorts: tier a is the first 10,000 vehicles, a and b
 * the first 100,000, and {@code fleet = 'bench'} all of them.
 */
final class Fleet {
    static final String ECU = "adas-main";
    static final String HARDWARE = "adas-v3";
    static final String OLD_VERSION = "1.0.0";
    static final String OLD_TARGET = "adas-1.0.0.img";
    static final String OLD_SHA256 = "0".repeat(64);
    static final int TIER_A = 10_000;
    static final int TIER_B = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEEN = "2026-01-01 00:00:00+00";

    private final int size;

    Fleet(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }

    /** The 17-character VIN of vehicle {@code i} (ISO 3779 alphabet: no I, O, Q). */
    static String vin(long i) {
        return String.format("BNCH0%012d", i);
    }

    static String serial(long i) {
        return "adas-" + i;
    }

    static String tier(long i) {
        return i < TIER_A ? "a" : i < TIER_B ? "b" : "c";
    }

    static Map<String, String> attributes(long i) {
        return Map.of("fleet", "bench", "tier", tier(i), "model", "bench-suv");
    }

    /** Writes the fleet into checkin-service's vehicle table with COPY, in one transaction; returns the rows written. */
    long load(Connection c) throws SQLException, IOException {
        c.setAutoCommit(false);
        try (var statement = c.createStatement()) {
            statement.execute("truncate checkin.vehicle");
        }
        long rows = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy checkin.vehicle (vin, attributes, ecus, last_seen, created_at) from stdin", new Rows());
        c.commit();
        try (var statement = c.createStatement()) {
            c.setAutoCommit(true);
            statement.execute("analyze checkin.vehicle");
        }
        return rows;
    }

    /** COPY text rows, generated as they are read. */
    private final class Rows extends Reader {
        private long next;
        private String row = "";
        private int position;

        @Override
        public int read(char[] buffer, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (position == row.length()) {
                    if (next == size) {
                        return written == 0 ? -1 : written;
                    }
                    row = row(next++);
                    position = 0;
                }
                int n = Math.min(length - written, row.length() - position);
                row.getChars(position, position + n, buffer, offset + written);
                position += n;
                written += n;
            }
            return written;
        }

        private String row(long i) {
            try {
                String ecus = JSON.writeValueAsString(List.of(Map.of("serial", serial(i), "ecu", ECU, "hardwareId", HARDWARE,
                        "installedVersion", OLD_VERSION, "installedTarget", OLD_TARGET, "installedSha256", OLD_SHA256)));
                return vin(i) + "\t" + JSON.writeValueAsString(attributes(i)) + "\t" + ecus + "\t" + SEEN + "\t" + SEEN + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
