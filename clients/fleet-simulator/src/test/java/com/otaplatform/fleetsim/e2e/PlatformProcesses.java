package com.otaplatform.fleetsim.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.fleetsim.FleetSimulator;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.agent.testing.TestVehicleCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform's packaged services, started as real processes against the dev stack's PostgreSQL,
 * S3 and Keycloak, on their own ports and in their own database, so that a test sees what a user would.
 */
final class PlatformProcesses implements AutoCloseable {
    static final int ARTIFACT_PORT = 28081;
    static final int SIGNING_PORT = 28082;
    static final int ROLLOUT_PORT = 28083;
    static final int CHECKIN_PORT = 28084;
    static final int CONSOLE_PORT = 28080;

    private static PlatformProcesses shared;
    private static final Path TLS = Path.of("target", "e2e-tls");

    private final Path root = Path.of(System.getProperty("ota.root", "../.."));
    private final Path logs = Path.of("target", "e2e-logs");
    private final String database;
    private final String bucket;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    private PlatformProcesses(String database, String bucket) {
        this.database = database;
        this.bucket = bucket;
    }

    /** The one-replica platform shared by the end-to-end tests of this JVM, started on first use and stopped at exit. */
    static synchronized PlatformProcesses shared() throws Exception {
        if (shared == null) {
            PlatformProcesses platform = create("ota_e2e", "ota-e2e");
            try {
                Map<String, String> peers = Map.of("OTA_ARTIFACT_PORT", String.valueOf(ARTIFACT_PORT), "OTA_SIGNING_PORT",
                        String.valueOf(SIGNING_PORT), "OTA_ROLLOUT_PORT", String.valueOf(ROLLOUT_PORT), "OTA_CHECKIN_PORT", String.valueOf(CHECKIN_PORT),
                        "OTA_IMAGE_REPOSITORY_URL", imageRepositoryUrl(SIGNING_PORT));
                platform.start("artifact-service", ARTIFACT_PORT, peers);
                platform.start("signing-service", SIGNING_PORT, peers);
                platform.start("rollout-service", ROLLOUT_PORT, peers);
                platform.start("checkin-service", CHECKIN_PORT, peers);
                platform.start("console", CONSOLE_PORT, peers);
            } catch (Exception e) {
                platform.close();
                throw e;
            }
            shared = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(platform::closeQuietly));
        }
        return shared;
    }

    /** An empty platform in a freshly created database; the caller starts the services it needs. */
    static PlatformProcesses create(String database, String bucket) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
        }
        return new PlatformProcesses(database, bucket);
    }

    /**
     * The vehicle (mutual TLS) port of the checkin-service replica whose plain port is {@code port}: below it, since the
     * tests' plain ports (26xxx-28xxx) plus 10,000 fall in Linux's ephemeral range (32768-60999), where any outgoing
     * connection on the machine may hold the port and fail the replica's start.
     */
    static int vehiclePort(int port) {
        return port - 5_000;
    }

    /** checkin-service's TLS certificate and key for loopback, made once per build. */
    static synchronized Path serverTls() throws IOException {
        if (!Files.exists(TLS.resolve("server.key"))) {
            var tls = TestVehicleCa.serverTls();
            Files.createDirectories(TLS);
            Files.writeString(TLS.resolve("server.crt"), tls.certificatePem());
            Files.writeString(TLS.resolve("server.key"), tls.privateKeyPem());
        }
        return TLS;
    }

    /** A JDBC connection to this platform's database, to check what the services stored. */
    Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    /**
     * Starts one replica of a service from its packaged jar on {@code port}, with {@code env} (where
     * its peers are) added to the platform's environment; the replica is known by the port.
     */
    void start(String service, int port, Map<String, String> env) throws IOException, InterruptedException {
        Path jar = root.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the services are packaged before this module runs");
        }
        Files.createDirectories(logs);
        String name = service + "-" + port;
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        environment.put("OTA_S3_BUCKET", bucket);
        environment.put("OTA_POLL_INTERVAL", "1S");
        environment.put("OTA_SIGNING_KEY_PASSPHRASE", "e2e-only-passphrase");
        environment.put("OTA_DIRECTOR_KEY_PASSPHRASE", "e2e-only-passphrase");
        environment.putAll(env);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        if (service.equals("checkin-service")) {
            environment.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(vehiclePort(port)));
            environment.put("OTA_VEHICLE_TLS_CERT", serverTls().resolve("server.crt").toAbsolutePath().toString());
            environment.put("OTA_VEHICLE_TLS_KEY", serverTls().resolve("server.key").toAbsolutePath().toString());
        }
        Process process = builder.start();
        processes.put(name, process);
        awaitReady(name, port, process);
    }

    /** Kills a replica the way a node failure does: SIGKILL, no shutdown hooks, no goodbye. */
    void kill(String service, int port) throws InterruptedException {
        Process process = processes.remove(service + "-" + port);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
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

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        processes.clear();
    }

    static String imageRepositoryUrl(int signingPort) {
        return "http://127.0.0.1:" + signingPort + "/repo/image/";
    }

    /** What one fleet-simulator run printed (its JSON summary) and its exit code. */
    record Simulation(int exitCode, String output) {
        JsonNode summary() throws IOException {
            return new ObjectMapper().readTree(output);
        }
    }

    /**
     * Runs the fleet simulator against checkin-service on {@code checkinPort} with {@code args} and JSON output. The
     * vehicles trust the roots their provisioning hands over, as a vehicle from the factory does.
     */
    static Simulation simulate(int checkinPort, String... args) {
        try {
            // vehicles reach checkin-service over mutual TLS on its vehicle port, trusting its certificate; the demo
            // user fleet-admin registers the new ones on the plain port
            List<String> all = new ArrayList<>(List.of("--endpoint", "127.0.0.1:" + vehiclePort(checkinPort),
                    "--server-ca", serverTls().resolve("server.crt").toString(),
                    "--fleet-endpoint", "127.0.0.1:" + checkinPort, "--fleet-admin-token", Keycloak.userToken("fleet-admin"),
                    "--output", "json"));
            all.addAll(List.of(args));
            StringWriter out = new StringWriter();
            int exitCode = FleetSimulator.run(new PrintWriter(out, true), all.toArray(String[]::new));
            return new Simulation(exitCode, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }
}
