package com.otaplatform.artifact.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The packaged artifact-service as a process with a small heap on a free port, against the test database and bucket. */
final class ServiceProcess implements AutoCloseable {
    private final Path jar = Path.of(System.getProperty("artifact-service.jar", "target/quarkus-app/quarkus-run.jar"));
    private final Path log;
    private final String heap;
    private final int port;
    private Process process;

    ServiceProcess(String heap) throws IOException {
        this.heap = heap;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        this.log = Path.of("target", "it-logs", "artifact-service-" + port + ".log");
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the service and waits until it is ready. */
    ServiceProcess start() throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn install (the jar is packaged before *IT tests)");
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + log.getParent().resolve("gc-" + port + ".log"), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/ota_test");
        builder.environment().put("OTA_S3_BUCKET", "ota-test");
        builder.environment().put("QUARKUS_LOG_CATEGORY__COM_OTAPLATFORM__LEVEL", "DEBUG");
        process = builder.start();
        awaitReady();
        return this;
    }

    /** Kills the process at once, as a crash or an OOM kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Peak resident memory of the process so far (VmHWM), in bytes. */
    long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + process.pid() + "/status");
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("artifact-service exited during start; see " + log);
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
        throw new IllegalStateException("artifact-service was not ready within 90 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
