package com.otaplatform.console.browser;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.ServerSocket;
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
import com.otaplatform.agent.testing.TestVehicleCa;
import com.otaplatform.testkit.TestSigningService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged rollout-service, artifact-service and checkin-service on free ports with their own
 * database and bucket, and the packaged console under test on the port Keycloak redirects to. The
 * vehicle CA that checkin-service trusts is a test CA served in this JVM, so the feed's vehicles get
 * their certificates directly from it.
 */
final class ConsolePlatform implements AutoCloseable {
    static final String DATABASE = "ota_console_e2e";
    static final String BUCKET = "ota-console-e2e";
    /** The console's port: Keycloak's client ota-console allows redirects to it. */
    static final int CONSOLE_PORT = Integer.getInteger("ota.console.it-port", 18080);

    final int artifactPort = freePort();
    final int rolloutPort = freePort();
    final int checkinPort = freePort();
    final int vehiclePort = freePort();
    final TestVehicleCa vehicleCa = new TestVehicleCa("CN=Console Test Vehicle CA");
    final TestVehicleCa.ServerTls checkinTls = TestVehicleCa.serverTls();
    private final TestSigningService signing = TestSigningService.start(vehicleCa);
    private final Path root = Path.of(System.getProperty("ota.root", "../.."));
    private final Path logs = Path.of("target", "browser-logs");
    private final List<Process> processes = new ArrayList<>();

    /** Recreates the database and starts the services, then the console. */
    static ConsolePlatform start() throws Exception {
        recreateDatabase();
        createBucket();
        ConsolePlatform platform = new ConsolePlatform();
        try {
            platform.startService("artifact-service", platform.artifactPort);
            platform.startService("rollout-service", platform.rolloutPort);
            platform.startService("checkin-service", platform.checkinPort);
            platform.startService("console", CONSOLE_PORT);
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    String consoleUrl() {
        return "http://127.0.0.1:" + CONSOLE_PORT;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void recreateDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute("drop database if exists " + DATABASE + " with (force)");
            statement.execute("create database " + DATABASE);
        }
    }

    // artifact-service expects its bucket to exist, as the dev stack's is
    private static void createBucket() throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(System.getenv().getOrDefault("OTA_S3_ENDPOINT", "http://127.0.0.1:8333"))
                .region("us-east-1").credentials("ota-dev", "ota-dev-secret-key").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    private void startService(String name, int port) throws IOException, InterruptedException {
        Path jar = root.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -B install -DskipTests)");
        }
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        env.put("OTA_S3_BUCKET", BUCKET);
        env.put("OTA_ARTIFACT_PORT", String.valueOf(artifactPort));
        env.put("OTA_ROLLOUT_PORT", String.valueOf(rolloutPort));
        env.put("OTA_CHECKIN_PORT", String.valueOf(checkinPort));
        env.put("OTA_POLL_INTERVAL", "1S");
        env.put("OTA_DIRECTOR_KEY_PASSPHRASE", "console-test-only-passphrase");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("OTA_CONSOLE_LIVE_POLL", "1S");
        if (name.equals("checkin-service")) {
            Path tls = Files.createDirectories(Path.of("target", "browser-tls"));
            env.put("OTA_SIGNING_PORT", String.valueOf(signing.port()));
            env.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(vehiclePort));
            env.put("OTA_VEHICLE_TLS_CERT", Files.writeString(tls.resolve("checkin.crt"), checkinTls.certificatePem()).toAbsolutePath().toString());
            env.put("OTA_VEHICLE_TLS_KEY", Files.writeString(tls.resolve("checkin.key"), checkinTls.privateKeyPem()).toAbsolutePath().toString());
        }
        Process process = builder.start();
        processes.add(process);
        awaitReady(name, port, process);
    }

    private void awaitReady(String name, int port, Process process) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start (port " + port + " taken?); see " + logs.resolve(name + ".log"));
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
        throw new IllegalStateException(name + " was not ready within 120 s; see " + logs.resolve(name + ".log"));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        signing.close();
    }
}
