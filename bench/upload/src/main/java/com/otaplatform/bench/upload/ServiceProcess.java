package com.otaplatform.bench.upload;

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

/** The packaged artifact-service as a process with a fixed heap ceiling, and what /proc says about it. */
final class ServiceProcess implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServiceProcess start(Path jar, String heap, String database, String bucket, Path log) throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -B -q install -DskipTests -pl services/artifact-service -am");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        builder.environment().put("OTA_S3_BUCKET", bucket);
        ServiceProcess service = new ServiceProcess(builder.start(), port);
        service.awaitReady(log);
        return service;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Peak resident set size (VmHWM) in bytes. */
    long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for " + process.pid());
    }

    /** User plus system CPU time the process used so far, in seconds (fields 14 and 15 of /proc/PID/stat). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    private void awaitReady(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
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
        throw new IllegalStateException("artifact-service was not ready within 120 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
