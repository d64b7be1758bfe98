package com.otaplatform.bench.checkin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL spends on one database, for sizing it: CPU time of the backends connected to the
 * database (from /proc, PostgreSQL runs on this machine), and WAL bytes written (server-wide, so an
 * upper bound when others write too).
 */
final class PostgresMeter implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final String database;
    private final Connection connection;

    PostgresMeter(String database) throws SQLException {
        this.database = database;
        this.connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    /** User plus system CPU seconds of every backend process serving the database. */
    double backendCpuSeconds() throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try {
                    String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (command.startsWith("postgres: ") && command.contains(" " + database + " ")) {
                        String stat = Files.readString(process.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** The server's WAL position, in bytes. */
    long walBytes() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Size of the database on disk, in bytes. */
    long databaseBytes() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select pg_database_size(current_database())")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
