package com.otaplatform.fleetsim.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's packaged services, started as real processes against the dev stack's PostgreSQL,
 * S3 and Keycloak, on their own ports and in their own database, so that a test sees what a user would.
 */
final class PlatformProcesses implements AutoCloseable {
    static final String DATABASE = "ota_e2e";
    static final String BUCKET = "ota-e2e";
    static final int ARTIFACT_PORT = 28081;
    static final int SIGNING_PORT = 28082;
    static final int ROLLOUT_PORT = 28083;
    static final int CHECKIN_PORT = 28084;
    static final int CONSOLE_PORT = 28080;

    private final Path root = Path.of(System.getProperty("ota.root", "../.."));
    private final Path logs = Path.of("target", "e2e-logs");
    private final List<Process> processes = new ArrayList<>();

    private static PlatformProcesses shared;

    /** The platform shared by every end-to-end test of this JVM, started on first use and stopped at exit. */
    static synchronized PlatformProcesses shared() throws Exception {
        if (shared == null) {
            shared = start();
            PlatformProcesses started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return shared;
    }

    /** Recreates the e2e database and starts every service, in dependency order. */
    private static PlatformProcesses start() throws Exception {
        recreateDatabase();
        PlatformProcesses platform = new PlatformProcesses();
        try {
            platform.startService("artifact-service", ARTIFACT_PORT);
            platform.startService("signing-service", SIGNING_PORT);
            platform.startService("rollout-service", ROLLOUT_PORT);
            platform.startService("checkin-service", CHECKIN_PORT);
            platform.startService("console", CONSOLE_PORT);
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private static void recreateDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute("drop database if exists " + DATABASE + " with (force)");
            statement.execute("create database " + DATABASE);
        }
    }

    private void startService(String name, int port) throws IOException, InterruptedException {
        Path jar = root.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the services are packaged before this module runs");
        }
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.putAll(environment());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process process = builder.start();
        processes.add(process);
        awaitReady(name, port, process);
    }

    /** What the services need to find each other and the e2e database and bucket. */
    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        env.put("OTA_S3_BUCKET", BUCKET);
        env.put("OTA_ARTIFACT_PORT", String.valueOf(ARTIFACT_PORT));
        env.put("OTA_ROLLOUT_PORT", String.valueOf(ROLLOUT_PORT));
        env.put("OTA_CHECKIN_PORT", String.valueOf(CHECKIN_PORT));
        env.put("OTA_POLL_INTERVAL", "1S");
        env.put("OTA_SIGNING_KEY_PASSPHRASE", "e2e-only-passphrase");
        return env;
    }

    private void awaitReady(String name, int port, Process process) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start; see " + logs.resolve(name + ".log"));
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within 90 s; see " + logs.resolve(name + ".log"));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
