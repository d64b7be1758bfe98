package com.otaplatform.bench.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.otaplatform.otactl.Otactl;
import com.otaplatform.testkit.Machine;
import com.otaplatform.testkit.ServiceProcess;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * BENCHMARKS.md "upload": {@code otactl push} of a large file through artifact-service (A) against a
 * plain S3 multipart PUT of the same file with the MinIO client (B), in interleaved rounds after a
 * warm-up. Prints a table and writes the same figures to {@code bench/upload/target/bench/upload.json}.
 */
public final class UploadBenchmark {
    private static final long MIB = 1 << 20;
    private static final double TARGET_RATIO = 0.80;
    private static final String DATABASE = "ota_bench";
    private static final String BUCKET = "ota-bench";
    private static final String S3_ENDPOINT = System.getenv().getOrDefault("OTA_S3_ENDPOINT", "http://127.0.0.1:8333");

    private final Path root;
    private final long sizeMib;
    private final int rounds;
    private final String heap;
    private final int chunkSize;
    private final Path out;

    private UploadBenchmark(Path root, long sizeMib, int rounds, String heap, int chunkSize) {
        this.chunkSize = chunkSize;
        this.root = root;
        this.sizeMib = sizeMib;
        this.rounds = rounds;
        this.heap = heap;
        this.out = root.resolve("bench/upload/target/bench");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--root", ".", "--size-mib", "2048", "--rounds", "3", "--heap", "256m",
                "--chunk-size", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --size-mib N --rounds N --heap 256m --chunk-size BYTES (0: otactl's default)");
            }
            options.put(args[i], args[i + 1]);
        }
        new UploadBenchmark(Path.of(options.get("--root")).toAbsolutePath().normalize(), Long.parseLong(options.get("--size-mib")),
                Integer.parseInt(options.get("--rounds")), options.get("--heap"), Integer.parseInt(options.get("--chunk-size"))).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        createDatabase();
        MinioClient s3 = MinioClient.builder().endpoint(S3_ENDPOINT).region("us-east-1")
                .credentials(System.getenv().getOrDefault("OTA_S3_ACCESS_KEY", "ota-dev"),
                        System.getenv().getOrDefault("OTA_S3_SECRET_KEY", "ota-dev-secret-key")).build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        Path file = out.resolve("upload-" + sizeMib + "MiB.bin");
        createFile(file);
        Throughputs pushes = new Throughputs();
        Throughputs puts = new Throughputs();
        double serviceCpu = 0;
        long peakRss;
        Map<String, String> env = Map.of("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "OTA_S3_BUCKET", BUCKET);
        try (ServiceProcess service = ServiceProcess.quarkusService(root, "artifact-service", heap, ServiceProcess.freePort(), env,
                out.resolve("artifact-service.log"))) {
            System.out.printf("artifact-service pid %d on port %d, -Xmx%s; file %s (%d MiB)%n", service.pid(), service.port(), heap, file, sizeMib);
            for (int round = 0; round <= rounds; round++) {
                String label = round == 0 ? "warm-up" : "round " + round;
                double cpuBefore = service.cpuSeconds();
                double a = push(service, file, round);
                double cpu = service.cpuSeconds() - cpuBefore;
                double b = put(s3, file, round);
                System.out.printf("%-8s A otactl push %7.1f MiB/s (service CPU %5.1f s)   B S3 multipart PUT %7.1f MiB/s%n", label, a, cpu, b);
                if (round > 0) {
                    pushes.add(a);
                    puts.add(b);
                    serviceCpu += cpu;
                }
            }
            peakRss = service.peakRssBytes();
        }
        report(pushes, puts, serviceCpu / rounds, peakRss);
    }

    /** A: otactl push in-process; returns MiB/s. Each round changes the file's first bytes, so every push stores a new blob. */
    private double push(ServiceProcess service, Path file, int round) throws Exception {
        stamp(file, round);
        Map<String, String> env = new HashMap<>();
        env.put("OTACTL_CONFIG_DIR", out.resolve("otactl").toString());
        env.put("OTACTL_STDERR_TTY", "0");
        env.put("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + service.port());
        env.put("OTACTL_USERNAME", "rel-eng");
        env.put("OTACTL_PASSWORD", "demo-rel-eng");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("push", file.toString(), "--kind", "ad-model", "--ecu", "adas-main", "--hw", "adas-v3",
                "--version", "1.0." + round, "--no-progress", "-o", "json"));
        if (chunkSize > 0) {
            args.addAll(List.of("--chunk-size", String.valueOf(chunkSize)));
        }
        int code = Otactl.run(env, new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("otactl push exited " + code + ": " + stderr.toString(StandardCharsets.UTF_8));
        }
        String artifact = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8)).get("name").asText();
        // Keep the store from filling up: the pushed blob is deleted with its artifact.
        int deleted = Otactl.run(env, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()),
                "artifact", "delete", artifact);
        if (deleted != 0) {
            throw new IllegalStateException("otactl artifact delete " + artifact + " exited " + deleted);
        }
        return sizeMib / seconds;
    }

    /** B: a plain multipart PUT with the MinIO client, 16 MiB parts like the service; returns MiB/s. */
    private double put(MinioClient s3, Path file, int round) throws Exception {
        String key = "bench/plain-put-" + round;
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).stream(in, Files.size(file), 16 * MIB).build());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        s3.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).build());
        return sizeMib / seconds;
    }

    private void report(Throughputs pushes, Throughputs puts, double cpuPerPush, long peakRss) throws IOException {
        double ratio = pushes.median() / puts.median();
        boolean met = ratio >= TARGET_RATIO;
        Map<String, Object> machine = Machine.describe();
        System.out.println();
        System.out.printf("| %-34s | %-44s |%n", "upload benchmark", sizeMib + " MiB, " + rounds + " rounds (A B interleaved) after a warm-up");
        System.out.printf("|%s|%s|%n", "-".repeat(36), "-".repeat(46));
        row("A otactl push, median", String.format("%.1f MiB/s (min %.1f, max %.1f, spread %.0f%%)", pushes.median(), pushes.min(), pushes.max(),
                pushes.spreadPercent()));
        row("B plain S3 multipart PUT, median", String.format("%.1f MiB/s (min %.1f, max %.1f, spread %.0f%%)", puts.median(), puts.min(), puts.max(),
                puts.spreadPercent()));
        row("A/B (target >= 80%)", String.format("%.0f%%%s", ratio * 100, met ? " (met)" : " (below target)"));
        row("service peak RSS (VmHWM)", String.format("%d MiB with heap ceiling -Xmx%s", peakRss / MIB, heap));
        row("service CPU per push", String.format("%.1f s (user+sys)", cpuPerPush));
        row("machine", Machine.line(machine));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "upload");
        json.put("sizeMib", sizeMib);
        json.put("rounds", rounds);
        json.put("otactlChunkSize", chunkSize > 0 ? String.valueOf(chunkSize) : "default");
        json.put("a", Map.of("what", "otactl push", "mibPerSecond", pushes.values(), "median", pushes.median(), "spreadPercent", pushes.spreadPercent()));
        json.put("b", Map.of("what", "plain S3 multipart PUT (MinIO client, 16 MiB parts)", "mibPerSecond", puts.values(), "median", puts.median(),
                "spreadPercent", puts.spreadPercent()));
        json.put("ratio", ratio);
        json.put("target", TARGET_RATIO);
        json.put("status", met ? "met" : "below target");
        json.put("servicePeakRssBytes", peakRss);
        json.put("serviceHeapCeiling", heap);
        json.put("serviceCpuSecondsPerPush", cpuPerPush);
        json.put("machine", machine);
        Path report = out.resolve("upload.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
        System.out.println("\nwritten to " + report);
    }

    private static void row(String name, String value) {
        System.out.printf("| %-34s | %-44s |%n", name, value);
    }

    /** A file of random-looking bytes (random 1 MiB blocks, each repeated 4 times, so that creating it is quick). */
    private void createFile(Path file) throws IOException {
        if (Files.exists(file) && Files.size(file) == sizeMib * MIB) {
            return;
        }
        Random random = new Random(42);
        byte[] block = new byte[(int) MIB];
        try (OutputStream outStream = Files.newOutputStream(file)) {
            for (long i = 0; i < sizeMib; i++) {
                if (i % 4 == 0) {
                    random.nextBytes(block);
                }
                outStream.write(block);
            }
        }
    }

    private static void stamp(Path file, int round) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.writeLong(System.nanoTime() ^ ((long) round << 56));
        }
    }

    private static void createDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        }
    }

}
