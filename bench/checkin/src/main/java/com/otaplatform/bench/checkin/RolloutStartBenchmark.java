package com.otaplatform.bench.checkin;

import com.otaplatform.testkit.Machine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * BENCHMARKS.md "rollout start at scale": create and start a rollout whose selector picks 10,000,
 * 100,000 or 1,000,000 registered vehicles, and time until a vehicle of its first stage gets the
 * update at check-in. Sizes are interleaved round by round after a warm-up; each round's rollout
 * is aborted before the next so that no two live rollouts touch the same ECU.
 */
final class RolloutStartBenchmark {
    private static final double TARGET_MILLIS = 1000;
    private static final List<Integer> STAGES_PERCENT = List.of(1, 10, 100);

    /** One fleet size: how many vehicles its selector picks among the registered ones. */
    private record Cohort(int vehicles, String selector) {
    }

    private final int rounds;

    RolloutStartBenchmark(int rounds) {
        this.rounds = rounds;
    }

    Map<String, Object> run(BenchPlatform platform, Fleet fleet) throws Exception {
        List<Cohort> cohorts = new ArrayList<>(List.of(new Cohort(Fleet.TIER_A, "tier = 'a'"), new Cohort(Fleet.TIER_B, "tier != 'c'")));
        if (fleet.size() > Fleet.TIER_B) {
            cohorts.add(new Cohort(fleet.size(), "fleet = 'bench'"));
        }
        Random random = new Random(7);
        Map<Integer, List<Map<String, Object>>> measured = new LinkedHashMap<>();
        System.out.printf("warm-up   %,9d vehicles: %s%n", cohorts.get(0).vehicles(), line(once(platform, cohorts.get(0), random)));
        for (int round = 1; round <= rounds; round++) {
            for (Cohort cohort : cohorts) {
                Map<String, Object> result = once(platform, cohort, random);
                measured.computeIfAbsent(cohort.vehicles(), k -> new ArrayList<>()).add(result);
                System.out.printf("round %d   %,9d vehicles: %s, load %s%n", round, cohort.vehicles(), line(result), Machine.loadAverage());
            }
        }
        return report(measured, fleet);
    }

    /**
     * Create, start, and check a stage-1 vehicle in until it gets the update; then abort. Times in
     * milliseconds; the total leaves out picking and provisioning the vehicle between create and start.
     */
    private Map<String, Object> once(BenchPlatform platform, Cohort cohort, Random random) throws InterruptedException {
        long t0 = System.nanoTime();
        UUID rollout = platform.createRollout(cohort.selector(), STAGES_PERCENT.stream().mapToInt(Integer::intValue).toArray());
        long created = System.nanoTime();
        long vehicle = StageProbe.firstInStageOne(rollout, STAGES_PERCENT.stream().map(p -> p * 100).toList(),
                random.nextInt(cohort.vehicles() - 1_000));
        long beforeStart;
        long started;
        long assigned;
        int checkIns;
        try (StageProbe probe = new StageProbe(platform, vehicle)) {
            beforeStart = System.nanoTime();
            platform.startRollout(rollout);
            started = System.nanoTime();
            checkIns = probe.awaitAssignment(rollout, 60_000);
            assigned = System.nanoTime();
        }
        platform.abortRollout(rollout);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("createMillis", (created - t0) / 1e6);
        result.put("startMillis", (started - beforeStart) / 1e6);
        result.put("startToFirstAssignmentMillis", (assigned - started) / 1e6);
        result.put("totalMillis", (created - t0 + assigned - beforeStart) / 1e6);
        result.put("checkInsUntilAssigned", checkIns);
        return result;
    }

    private static String line(Map<String, Object> result) {
        return String.format("create %4.0f ms, start %4.0f ms, start to first assignment %4.0f ms (%s check-ins), total %4.0f ms",
                result.get("createMillis"), result.get("startMillis"), result.get("startToFirstAssignmentMillis"),
                result.get("checkInsUntilAssigned"), result.get("totalMillis"));
    }

    private Map<String, Object> report(Map<Integer, List<Map<String, Object>>> measured, Fleet fleet) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "rollout start at scale");
        report.put("registeredVehicles", fleet.size());
        report.put("stagesPercent", STAGES_PERCENT);
        report.put("rounds", rounds);
        Map<String, Object> sizes = new LinkedHashMap<>();
        double smallest = Double.NaN;
        boolean met = true;
        System.out.println();
        System.out.printf("| %-12s | %-38s | %-9s | %-9s | %-25s | %-8s |%n", "vehicles", "create+start to first assignment, median",
                "create", "start", "start to first assignment", "vs 10k");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(14), "-".repeat(40), "-".repeat(11), "-".repeat(11), "-".repeat(27), "-".repeat(10));
        for (var entry : measured.entrySet()) {
            List<Double> total = Stats.column(entry.getValue(), "totalMillis");
            double median = Stats.median(total);
            smallest = Double.isNaN(smallest) ? median : smallest;
            met &= median < TARGET_MILLIS;
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("totalMillisMedian", median);
            size.put("totalMillisMin", Stats.min(total));
            size.put("totalMillisMax", Stats.max(total));
            size.put("createMillisMedian", Stats.median(Stats.column(entry.getValue(), "createMillis")));
            size.put("startMillisMedian", Stats.median(Stats.column(entry.getValue(), "startMillis")));
            size.put("startToFirstAssignmentMillisMedian", Stats.median(Stats.column(entry.getValue(), "startToFirstAssignmentMillis")));
            size.put("ratioTo10k", median / smallest);
            size.put("status", median < TARGET_MILLIS ? "met" : "below target");
            size.put("rounds", entry.getValue());
            sizes.put(String.valueOf(entry.getKey()), size);
            System.out.printf("| %,12d | %6.0f ms (%5.0f..%5.0f) %-13s | %6.0f ms | %6.0f ms | %22.0f ms | %7.2fx |%n", entry.getKey(), median,
                    Stats.min(total), Stats.max(total), median < TARGET_MILLIS ? "met" : "below target", size.get("createMillisMedian"),
                    size.get("startMillisMedian"), size.get("startToFirstAssignmentMillisMedian"), median / smallest);
        }
        report.put("sizes", sizes);
        report.put("target", "< " + TARGET_MILLIS + " ms at every size, independent of fleet size");
        report.put("status", met ? "met" : "below target");
        report.put("machine", Machine.describe());
        System.out.printf("target < %.0f ms at every size: %s; medians of %d interleaved rounds after a warm-up%n", TARGET_MILLIS,
                met ? "met" : "below target", rounds);
        return report;
    }
}
