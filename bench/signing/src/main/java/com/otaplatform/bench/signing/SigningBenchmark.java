package com.otaplatform.bench.signing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.json.Json;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.UptaneCustom;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * BENCHMARKS.md "metadata signing": director targets metadata (one vehicle, three ECU images) built, canonicalised,
 * signed with Ed25519 through libs/tuf and serialised, per second, against a raw Bouncy Castle Ed25519 sign loop over
 * the same canonical bytes, in the same run: warm-up, then interleaved rounds (A B A B ...), median and spread.
 */
public final class SigningBenchmark {
    private static final double TARGET_RATIO = 0.50;
    private static final int ROUNDS = 7;
    private static final Duration ROUND = Duration.ofSeconds(2);
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private SigningBenchmark() {
    }

    /** One measured round: operations per second and CPU seconds per wall second. */
    record Round(double opsPerSecond, double cpuSeconds, double wallSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/signing.json");
        LocalSigner signer = KeyPairs.ed25519();
        Ed25519Signer raw = new Ed25519Signer();
        Ed25519PrivateKeyParameters rawKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        raw.init(true, rawKey);
        byte[] sample = CanonicalJson.encode(directorTargets(1).toSignedJson());

        long[] version = {0};
        LongSupplier ours = () -> {
            byte[] file = RepositoryBuilder.sign(directorTargets(++version[0]).toSignedJson(), List.of(signer)).toBytes();
            return file.length;
        };
        LongSupplier reference = () -> {
            raw.update(sample, 0, sample.length);
            return raw.generateSignature().length;
        };

        run(ours, WARM_UP);
        run(reference, WARM_UP);
        List<Round> oursRounds = new ArrayList<>();
        List<Round> rawRounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            oursRounds.add(run(ours, ROUND));
            rawRounds.add(run(reference, ROUND));
        }
        report(out, oursRounds, rawRounds, sample.length);
    }

    /** Director targets for one vehicle: three ECU images bound to ECU serials and hardware ids. */
    static TargetsMetadata directorTargets(long version) {
        Map<String, TargetFile> targets = new TreeMap<>();
        for (String ecu : List.of("adas-main", "infotainment", "gateway")) {
            String name = "adas-2026.11/" + ecu + "/" + ecu + ".bin";
            targets.put(name, new TargetFile(name, 33_554_432L, Map.of("sha256", "a".repeat(64), "sha512", "b".repeat(128)),
                    UptaneCustom.director(ecu + "-serial-0001", ecu + "-v3", 42)));
        }
        return new TargetsMetadata(version, Instant.parse("2030-01-01T00:00:00Z").truncatedTo(ChronoUnit.SECONDS), targets);
    }

    private static Round run(LongSupplier op, Duration duration) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long ops = 0;
        long acc = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                acc += op.getAsLong();
            }
            ops += 16;
            now = System.nanoTime();
        } while (now < deadline);
        sink += (int) acc;
        double wall = (now - start) / 1e9;
        return new Round(ops / wall, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9, wall);
    }

    private static void report(Path out, List<Round> oursRounds, List<Round> rawRounds, int canonicalBytes) throws Exception {
        double oursMedian = median(oursRounds);
        double rawMedian = median(rawRounds);
        double ratio = oursMedian / rawMedian;
        boolean met = ratio >= TARGET_RATIO;
        long peakRssKib = peakRssKib();
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + memTotalMib() + " MiB RAM, JDK "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.arch");

        System.out.println("metadata signing — director targets metadata (3 ECU targets, " + canonicalBytes + " canonical bytes), Ed25519");
        System.out.println("machine: " + machine);
        System.out.printf("%-44s %12s %22s %10s%n", "case", "median/s", "spread (min..max)/s", "CPU s");
        System.out.printf("%-44s %12.0f %22s %10.2f%n", "libs/tuf: build + canonical JSON + sign + file", oursMedian,
                spread(oursRounds), cpu(oursRounds));
        System.out.printf("%-44s %12.0f %22s %10.2f%n", "reference: raw Bouncy Castle Ed25519 sign", rawMedian, spread(rawRounds),
                cpu(rawRounds));
        System.out.printf("ratio %.2f (target >= %.2f): %s; %d interleaved rounds of %d s after %d s warm-up each; peak RSS %d MiB%n",
                ratio, TARGET_RATIO, met ? "met" : "below target", ROUNDS, ROUND.toSeconds(), WARM_UP.toSeconds(), peakRssKib / 1024);

        ObjectNode json = Json.object();
        json.put("benchmark", "metadata-signing");
        json.put("machine", machine);
        json.put("canonicalBytes", canonicalBytes);
        json.put("rounds", ROUNDS);
        json.put("roundSeconds", ROUND.toSeconds());
        json.put("warmUpSeconds", WARM_UP.toSeconds());
        json.set("ours", caseJson("libs/tuf director targets signing", oursRounds));
        json.set("reference", caseJson("raw Bouncy Castle Ed25519 sign loop", rawRounds));
        json.put("ratio", Math.round(ratio * 1000) / 1000.0);
        json.put("target", TARGET_RATIO);
        json.put("status", met ? "met" : "below target");
        json.put("peakRssMiB", peakRssKib / 1024);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, Json.pretty(json));
        System.out.println("wrote " + out);
    }

    private static ObjectNode caseJson(String name, List<Round> rounds) {
        ObjectNode n = Json.object();
        n.put("name", name);
        n.put("medianOpsPerSecond", Math.round(median(rounds)));
        n.put("minOpsPerSecond", Math.round(rounds.stream().mapToDouble(Round::opsPerSecond).min().orElse(0)));
        n.put("maxOpsPerSecond", Math.round(rounds.stream().mapToDouble(Round::opsPerSecond).max().orElse(0)));
        n.put("cpuSeconds", Math.round(cpu(rounds) * 100) / 100.0);
        n.put("wallSeconds", Math.round(rounds.stream().mapToDouble(Round::wallSeconds).sum() * 100) / 100.0);
        ArrayNode each = n.putArray("roundsOpsPerSecond");
        rounds.forEach(r -> each.add(Math.round(r.opsPerSecond())));
        return n;
    }

    private static double median(List<Round> rounds) {
        List<Double> values = new ArrayList<>(rounds.stream().map(Round::opsPerSecond).toList());
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static String spread(List<Round> rounds) {
        return String.format("%.0f..%.0f", rounds.stream().mapToDouble(Round::opsPerSecond).min().orElse(0),
                rounds.stream().mapToDouble(Round::opsPerSecond).max().orElse(0));
    }

    private static double cpu(List<Round> rounds) {
        return rounds.stream().mapToDouble(Round::cpuSeconds).sum();
    }

    private static long peakRssKib() {
        return procField("/proc/self/status", "VmHWM:");
    }

    private static long memTotalMib() {
        return procField("/proc/meminfo", "MemTotal:") / 1024;
    }

    private static long procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception ignored) {
            // not Linux: reported as 0
        }
        return 0;
    }

    static {
        // the provider instance libs/tuf uses, loaded before timing starts
        Crypto.sha256Hex(new byte[0]);
    }
}
