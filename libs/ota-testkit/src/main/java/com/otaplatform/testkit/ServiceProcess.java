package com.otaplatform.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM started as its own process (a packaged service or a benchmark's reference server), and what /proc says about it. */
public final class ServiceProcess implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    // mallocArenaMax in helm/ota-platform/values.yaml, MALLOC_ARENA_MAX in k8s/base/platform-configmap.yaml
    private static final String DEPLOYED_MALLOC_ARENA_MAX = "2";

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** How a started process shows it is ready to serve. */
    public enum Readiness {
        /** Quarkus' /q/health/ready answers 200 on the port. */
        QUARKUS_HEALTH,
        /** The port accepts TCP connections. */
        LISTENING
    }

    /**
     * Starts {@code java <jvmArgs...>} on {@code port} with {@code env} added to this process's
     * environment, output to {@code log}, and waits until it is ready.
     */
    public static ServiceProcess start(String name, List<String> jvmArgs, int port, Map<String, String> env, Path log, Readiness readiness)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(java());
        builder.command().addAll(jvmArgs);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        ServiceProcess started = new ServiceProcess(name, builder.start(), port, log);
        try {
            started.awaitReady(readiness);
        } catch (RuntimeException | InterruptedException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * The packaged Quarkus service {@code services/<service>} of the checkout at {@code root}, ready on {@code port}, with
     * glibc's malloc arenas capped as the chart and the kustomize base deploy it ({@code MALLOC_ARENA_MAX}) unless
     * {@code env} sets them.
     */
    public static ServiceProcess quarkusService(Path root, String service, String heap, int port, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        Path jar = root.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package it first (mvn -B -DskipTests package -pl services/" + service + " -am)");
        }
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        withPort.putIfAbsent("MALLOC_ARENA_MAX", DEPLOYED_MALLOC_ARENA_MAX);
        return start(service, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()), port, withPort, log,
                Readiness.QUARKUS_HEALTH);
    }

    /** A free TCP port on loopback, for a process about to start. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the process printed so far (stdout and stderr). */
    public String logText() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process the way a node failure does (SIGKILL: no shutdown hooks, no goodbye) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Resident set size now (VmRSS), in bytes. */
    public long rssBytes() throws IOException {
        return statusKib("VmRSS:") * 1024;
    }

    /** Peak resident set size (VmHWM), in bytes. */
    public long peakRssBytes() throws IOException {
        return statusKib("VmHWM:") * 1024;
    }

    /** User plus system CPU time the process used so far, in seconds (fields 14 and 15 of /proc/PID/stat). */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    private long statusKib(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + key + " for " + name + " (pid " + process.pid() + ")");
    }

    private void awaitReady(Readiness readiness) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start; see " + log);
            }
            try {
                if (readiness == Readiness.LISTENING) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                        return;
                    }
                }
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
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
