package com.otaplatform.bench.checkin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the fleet-scale benchmarks against one platform and fleet: {@code throughput} (check-in
 * throughput), {@code rollout-start}, or {@code all}. Each prints its table and writes its JSON
 * under {@code --out}.
 */
public final class FleetBenchmarks {
    private FleetBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("throughput") || args[0].equals("rollout-start") || args[0].equals("all"))) {
            throw new IllegalArgumentException("usage: FleetBenchmarks throughput|rollout-start|all [--root DIR] [--out DIR] [--vehicles N]"
                    + " [--channels N] [--in-flight N] [--rounds N] [--round-seconds N] [--warm-up-seconds N]");
        }
        Map<String, String> options = new HashMap<>(Map.of("--root", ".", "--out", "target/bench"));
        CheckInBenchmark.Options defaults = CheckInBenchmark.Options.defaults();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        CheckInBenchmark.Options throughput = new CheckInBenchmark.Options(number(options, "--vehicles", defaults.fleetSize()),
                number(options, "--channels", defaults.channels()), number(options, "--in-flight", defaults.inFlight()),
                Duration.ofSeconds(number(options, "--warm-up-seconds", (int) defaults.warmUp().toSeconds())),
                Duration.ofSeconds(number(options, "--round-seconds", (int) defaults.round().toSeconds())),
                number(options, "--rounds", defaults.rounds()), defaults.openLoopRounds());
        Path root = Path.of(options.get("--root")).toAbsolutePath().normalize();
        Path out = Path.of(options.get("--out")).toAbsolutePath().normalize();
        Files.createDirectories(out);
        Fleet fleet = new Fleet(throughput.fleetSize());
        try (BenchPlatform platform = BenchPlatform.start(root, out, fleet)) {
            if (!args[0].equals("rollout-start")) {
                write(out.resolve("checkin-throughput.json"), new CheckInBenchmark(throughput).run(platform, fleet, out));
            }
            if (!args[0].equals("throughput")) {
                write(out.resolve("rollout-start.json"), new RolloutStartBenchmark(number(options, "--rounds", 5)).run(platform, fleet));
            }
        }
        System.exit(0);
    }

    private static int number(Map<String, String> options, String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    private static void write(Path file, Map<String, Object> report) throws Exception {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        System.out.println("written to " + file);
    }
}
