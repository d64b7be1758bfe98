package com.otaplatform.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Databases of their own on the dev stack's PostgreSQL, for tests that start packaged services as processes. */
public final class TestDatabases {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private TestDatabases() {
    }

    /** Drops {@code database} (ending its sessions) and creates it empty; returns its JDBC URL, as OTA_DB_URL takes it. */
    public static String recreate(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
        }
        return url(database);
    }

    /** The JDBC URL of {@code database}. */
    public static String url(String database) {
        return SERVER + database;
    }
}
