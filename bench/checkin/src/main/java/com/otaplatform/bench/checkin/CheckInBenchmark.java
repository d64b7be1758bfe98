package com.otaplatform.bench.checkin;

import com.otaplatform.testkit.Machine;
import com.otaplatform.testkit.ServiceProcess;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.ManagedChannel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * BENCHMARKS.md "check-in throughput": VehicleService.CheckIn calls/s of the packaged
 * checkin-service with the fleet in PostgreSQL and a live rollout whose first stage (5%) gets an
 * update while the rest have nothing to do, against two bare grpc-java servers answering a fixed
 * reply (default executor; {@code directExecutor()}), all driven by the same load generator with
 * the same channel count. Warm-up, then interleaved rounds; then the service's p99 at 70% of its
 * peak in open loop; CPU time, RSS, and PostgreSQL's share.
 */
final class CheckInBenchmark {
    private static final double TARGET_VS_DEFAULT = 1.0;
    private static final double TARGET_VS_DIRECT = 0.35;
    private static final double TARGET_P99_MILLIS = 20;
    private static final long TARGET_RSS_MIB = 400;
    private static final int STAGE_ONE_PERCENT = 5;
    private static final int MAX_CALLS_PER_ROUND = 2_000_000;
    private static final Duration POLL = Duration.ofMinutes(5);
    private static final Duration WARM_UP_SLICE = Duration.ofSeconds(5);
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(120);
    private static final int REPLICA_CORES = 2;
    private static final double UTILISATION = 0.7;

    private final Options options;

    CheckInBenchmark(Options options) {
        this.options = options;
    }

    /** The knobs of a run; the defaults are the benchmark as BENCHMARKS.md states it. */
    record Options(int fleetSize, int channels, int inFlight, Duration warmUp, Duration round, int rounds, int openLoopRounds) {
        static Options defaults() {
            return new Options(1_000_000, 256, 64, Duration.ofSeconds(30), Duration.ofSeconds(10), 5, 3);
        }

        Map<String, Object> json() {
            return Map.of("fleetSize", fleetSize, "channels", channels, "callsInFlight", inFlight, "warmUpSeconds", warmUp.toSeconds(),
                    "roundSeconds", round.toSeconds(), "rounds", rounds, "openLoopRounds", openLoopRounds);
        }
    }

    /** One server under load: its process, and the load generator's channels to it. */
    private record Contender(String key, String what, ServiceProcess process, LoadGenerator load, List<Map<String, Object>> rounds) {
        List<Double> callsPerSecond() {
            return rounds.stream().map(r -> (Double) r.get("callsPerSecond")).toList();
        }
    }

    Map<String, Object> run(BenchPlatform platform, Fleet fleet, Path out) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "check-in throughput");
        report.put("options", options.json());
        Callers callers = Callers.provision(platform, fleet, options.channels(), out);
        try (PostgresMeter postgres = new PostgresMeter(BenchPlatform.DATABASE);
             ServiceProcess defaultServer = reference(platform, callers, "default", out);
             ServiceProcess directServer = reference(platform, callers, "direct", out)) {
            report.put("fleetLoadSeconds", platform.fleetLoadSeconds());
            report.put("provisioningSeconds", callers.seconds());
            UUID rollout = platform.createRollout("fleet = 'bench'", STAGE_ONE_PERCENT, 100);
            platform.startRollout(rollout);
            awaitLive(platform, rollout);
            report.put("rollout", Map.of("name", "rollouts/" + rollout, "selects", fleet.size(), "stageOnePercent", STAGE_ONE_PERCENT));

            List<Contender> contenders = List.of(
                    contender("service", "checkin-service (packaged, -Xmx256m)", platform.checkin(), platform.vehicleEndpoint(), callers),
                    contender("default", "bare grpc-java, default executor", defaultServer, callers.endpointOf(defaultServer), callers),
                    contender("direct", "bare grpc-java, directExecutor()", directServer, callers.endpointOf(directServer), callers));
            try {
                for (Contender c : contenders) {
                    warmUp(c);
                }
                double serviceCpu = 0;
                double postgresCpu = 0;
                long wal = 0;
                long serviceCalls = 0;
                for (int round = 1; round <= options.rounds(); round++) {
                    for (Contender c : contenders) {
                        double cpuBefore = c.process().cpuSeconds();
                        double pgBefore = postgres.backendCpuSeconds();
                        long walBefore = postgres.walBytes();
                        double loadCpuBefore = ownCpuSeconds();
                        LoadGenerator.Round r = c.load().closedLoop(options.inFlight(), options.round(), MAX_CALLS_PER_ROUND);
                        double cpu = c.process().cpuSeconds() - cpuBefore;
                        double pg = postgres.backendCpuSeconds() - pgBefore;
                        Map<String, Object> row = roundJson(r);
                        row.put("serverCpuSeconds", cpu);
                        row.put("postgresCpuSeconds", pg);
                        row.put("loadGeneratorCpuSeconds", ownCpuSeconds() - loadCpuBefore);
                        c.rounds().add(row);
                        if (c.key().equals("service")) {
                            serviceCpu += cpu;
                            postgresCpu += pg;
                            wal += postgres.walBytes() - walBefore;
                            serviceCalls += r.ok();
                        }
                        System.out.printf("round %d %-8s %s, server CPU %.1f s, PostgreSQL CPU %.1f s, load %s%n", round, c.key(), summary(r), cpu, pg,
                                Machine.loadAverage());
                    }
                }
                double peak = Stats.median(contenders.get(0).callsPerSecond());
                List<Map<String, Object>> openLoop = new ArrayList<>();
                for (int i = 0; i < options.openLoopRounds(); i++) {
                    LoadGenerator.Round r = contenders.get(0).load().openLoop(peak * 0.7, options.round());
                    openLoop.add(roundJson(r));
                    System.out.printf("open loop at 70%% of peak (%.0f calls/s): %s%n", peak * 0.7, summary(r));
                }
                report.put("perServiceCall", Map.of("serviceCpuMillis", serviceCpu * 1000 / serviceCalls,
                        "postgresCpuMillis", postgresCpu * 1000 / serviceCalls, "walBytesUpperBound", wal / (double) serviceCalls));
                report.put("serviceRssAfterRunBytes", platform.checkin().rssBytes());
                report.put("servicePeakRssBytes", platform.checkin().peakRssBytes());
                report.put("databaseBytes", postgres.databaseBytes());
                summarise(report, contenders, openLoop);
            } finally {
                for (Contender c : contenders) {
                    c.load().close();
                }
            }
            platform.abortRollout(rollout);
        }
        return report;
    }

    /**
     * Load in slices until the server is warm: at least the warm-up time, and until three slices in a
     * row agree within 10% (the JIT has compiled the hot path), but no longer than {@link #MAX_WARM_UP}.
     */
    private void warmUp(Contender c) throws InterruptedException {
        long start = System.nanoTime();
        List<Double> slices = new ArrayList<>();
        while (true) {
            LoadGenerator.Round r = c.load().closedLoop(options.inFlight(), WARM_UP_SLICE, MAX_CALLS_PER_ROUND);
            double elapsed = (System.nanoTime() - start) / 1e9;
            slices.add(r.callsPerSecond());
            System.out.printf("warm-up %-8s %3.0f s %s%n", c.key(), elapsed, summary(r));
            if (elapsed >= MAX_WARM_UP.toSeconds() || (elapsed >= options.warmUp().toSeconds() && steady(slices))) {
                return;
            }
        }
    }

    /** Whether the last three slices lie within 10% of their median. */
    private static boolean steady(List<Double> slices) {
        if (slices.size() < 3) {
            return false;
        }
        List<Double> last = slices.subList(slices.size() - 3, slices.size());
        double median = Stats.median(last);
        return Stats.max(last) - Stats.min(last) < 0.1 * median;
    }

    private static Contender contender(String key, String what, ServiceProcess process, VehicleCalls.Endpoint endpoint, Callers callers) {
        return new Contender(key, what, process, new LoadGenerator(endpoint, callers.all()), new ArrayList<>());
    }

    /** A reference server in its own JVM, with the same processor count, TLS certificate and client CA as the service. */
    private static ServiceProcess reference(BenchPlatform platform, Callers callers, String executor, Path out) throws Exception {
        int port = ServiceProcess.freePort();
        return ServiceProcess.start("reference-" + executor, List.of("-Xmx256m", "-XX:ActiveProcessorCount=2", "-cp",
                        System.getProperty("java.class.path"), ReferenceServer.class.getName(), String.valueOf(port), executor,
                        platform.serverCertificate().toString(), platform.serverKey().toString(), callers.vehicleCa().toString()), port, Map.of(),
                out.resolve("logs").resolve("reference-" + executor + ".log"), ServiceProcess.Readiness.LISTENING);
    }

    /** Waits until checkin-service has the rollout: a vehicle of its first stage gets it at check-in. */
    private static void awaitLive(BenchPlatform platform, UUID rollout) throws InterruptedException {
        try (StageProbe probe = new StageProbe(platform, StageProbe.firstInStageOne(rollout, List.of(STAGE_ONE_PERCENT * 100, 10_000), 0))) {
            probe.awaitAssignment(rollout, 60_000);
        }
    }

    private static Map<String, Object> roundJson(LoadGenerator.Round r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("callsPerSecond", r.callsPerSecond());
        row.put("ok", r.ok());
        row.put("assigned", r.assigned());
        row.put("shed", r.shed());
        row.put("failed", r.failed());
        row.put("p50Millis", Stats.percentileMillis(r.latencies(), 50));
        row.put("p99Millis", Stats.percentileMillis(r.latencies(), 99));
        row.put("wallSeconds", r.wallSeconds());
        if (!r.firstError().isEmpty()) {
            row.put("firstError", r.firstError());
        }
        return row;
    }

    private static String summary(LoadGenerator.Round r) {
        return String.format("%,8.0f calls/s, p50 %6.2f ms, p99 %6.2f ms, %d assigned, %d shed, %d failed%s", r.callsPerSecond(),
                Stats.percentileMillis(r.latencies(), 50), Stats.percentileMillis(r.latencies(), 99), r.assigned(), r.shed(), r.failed(),
                r.firstError().isEmpty() ? "" : " (" + r.firstError() + ")");
    }

    private void summarise(Map<String, Object> report, List<Contender> contenders, List<Map<String, Object>> openLoop) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Contender c : contenders) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("what", c.what());
            result.put("callsPerSecondMedian", Stats.median(c.callsPerSecond()));
            result.put("callsPerSecondMin", Stats.min(c.callsPerSecond()));
            result.put("callsPerSecondMax", Stats.max(c.callsPerSecond()));
            result.put("p50MillisMedian", Stats.median(Stats.column(c.rounds(), "p50Millis")));
            result.put("p99MillisMedian", Stats.median(Stats.column(c.rounds(), "p99Millis")));
            result.put("serverCpuMillisPerCall", sum(c.rounds(), "serverCpuSeconds") * 1000 / sum(c.rounds(), "ok"));
            result.put("serverCpuCoresBusy", sum(c.rounds(), "serverCpuSeconds") / sum(c.rounds(), "wallSeconds"));
            result.put("rounds", c.rounds());
            results.put(c.key(), result);
        }
        report.put("results", results);
        double service = (Double) ((Map<?, ?>) results.get("service")).get("callsPerSecondMedian");
        double vsDefault = service / (Double) ((Map<?, ?>) results.get("default")).get("callsPerSecondMedian");
        double vsDirect = service / (Double) ((Map<?, ?>) results.get("direct")).get("callsPerSecondMedian");
        double p99At70 = Stats.median(Stats.column(openLoop, "p99Millis"));
        long rssMib = (Long) report.get("serviceRssAfterRunBytes") >> 20;
        Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("serviceVsDefaultExecutor", verdict(vsDefault, ">=", TARGET_VS_DEFAULT, vsDefault >= TARGET_VS_DEFAULT));
        verdicts.put("serviceVsDirectExecutor", verdict(vsDirect, ">=", TARGET_VS_DIRECT, vsDirect >= TARGET_VS_DIRECT));
        verdicts.put("serviceP99MillisAt70PercentOfPeak", verdict(p99At70, "<", TARGET_P99_MILLIS, p99At70 < TARGET_P99_MILLIS));
        verdicts.put("serviceRssMibAfterRun", verdict(rssMib, "<", TARGET_RSS_MIB, rssMib < TARGET_RSS_MIB));
        report.put("openLoopAt70PercentOfPeak", Map.of("callsPerSecond", service * 0.7, "rounds", openLoop, "p99MillisMedian", p99At70,
                "p50MillisMedian", Stats.median(Stats.column(openLoop, "p50Millis"))));
        report.put("targets", verdicts);
        report.put("capacity", capacity(report, service, (Map<?, ?>) results.get("service")));
        report.put("machine", Machine.describe());
        table(report, results, verdicts);
    }

    /**
     * README "Capacity", from this run's figures: replicas of checkin-service (2 cores each, run at
     * 70% of the measured peak, where the p99 was taken, plus one spare) and PostgreSQL's CPU, WAL
     * and storage for fleets polling every 5 minutes. Replicas are sized twice, from calls/s and
     * from CPU time per call, and the larger count is the answer: on a shared machine the first
     * undercounts what a replica can do, the second what it costs beyond its own CPU.
     */
    private Map<String, Object> capacity(Map<String, Object> report, double peakPerReplica, Map<?, ?> service) {
        Map<?, ?> perCall = (Map<?, ?>) report.get("perServiceCall");
        double cpuMillis = (Double) service.get("serverCpuMillisPerCall");
        double perReplicaByCpu = REPLICA_CORES * UTILISATION * 1000 / cpuMillis;
        double perReplicaByRate = UTILISATION * peakPerReplica;
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("pollSeconds", POLL.toSeconds());
        capacity.put("checkInsPerReplicaAt70PercentMeasured", perReplicaByRate);
        capacity.put("checkInsPerReplicaAt70PercentFromCpu", perReplicaByCpu);
        for (long fleet : List.of(1_000_000L, 10_000_000L)) {
            double rate = fleet / (double) POLL.toSeconds();
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("checkInsPerSecond", rate);
            size.put("replicasFromMeasuredRate", (long) Math.ceil(rate / perReplicaByRate) + 1);
            size.put("replicasFromCpu", (long) Math.ceil(rate / perReplicaByCpu) + 1);
            size.put("postgresCores", rate * (Double) perCall.get("postgresCpuMillis") / 1000 / UTILISATION);
            size.put("walMibPerSecondUpperBound", rate * (Double) perCall.get("walBytesUpperBound") / (1 << 20));
            size.put("databaseGib", (Long) report.get("databaseBytes") / (double) options.fleetSize() * fleet / (1 << 30));
            capacity.put(String.valueOf(fleet), size);
        }
        return capacity;
    }

    private void table(Map<String, Object> report, Map<String, Object> results, Map<String, Object> verdicts) {
        System.out.println();
        System.out.printf("check-in throughput: %,d vehicles in PostgreSQL, a live rollout (stage 1 = %d%% get an update), %d calling vehicles"
                        + " (one mutual-TLS channel each),"
                        + " %d calls in flight, %d interleaved rounds of %d s after a warm-up each (>= %d s, until steady)%n", options.fleetSize(), STAGE_ONE_PERCENT,
                options.channels(), options.inFlight(), options.rounds(), options.round().toSeconds(), options.warmUp().toSeconds());
        System.out.printf("| %-38s | %-28s | %-8s | %-8s | %-13s | %-10s |%n", "server", "calls/s median (min..max)", "p50 ms", "p99 ms",
                "CPU ms/call", "cores busy");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(40), "-".repeat(30), "-".repeat(10), "-".repeat(10), "-".repeat(15), "-".repeat(12));
        for (Object value : results.values()) {
            Map<?, ?> r = (Map<?, ?>) value;
            System.out.printf("| %-38s | %8.0f (%6.0f..%6.0f)     | %8.2f | %8.2f | %13.3f | %10.2f |%n", r.get("what"), r.get("callsPerSecondMedian"),
                    r.get("callsPerSecondMin"), r.get("callsPerSecondMax"), r.get("p50MillisMedian"), r.get("p99MillisMedian"),
                    r.get("serverCpuMillisPerCall"), r.get("serverCpuCoresBusy"));
        }
        System.out.println();
        verdicts.forEach((name, value) -> {
            Map<?, ?> v = (Map<?, ?>) value;
            System.out.printf("%-36s %10.2f  target %-8s %s%n", name, v.get("value"), v.get("target"), v.get("status"));
        });
        Map<?, ?> perCall = (Map<?, ?>) report.get("perServiceCall");
        System.out.printf("per service call: PostgreSQL backends %.3f ms CPU, WAL <= %.0f bytes; service peak RSS %d MiB; database %d MiB;"
                        + " fleet loaded in %.1f s%n", perCall.get("postgresCpuMillis"), perCall.get("walBytesUpperBound"),
                (Long) report.get("servicePeakRssBytes") >> 20, (Long) report.get("databaseBytes") >> 20, report.get("fleetLoadSeconds"));
        Map<?, ?> capacity = (Map<?, ?>) report.get("capacity");
        for (String fleet : List.of("1000000", "10000000")) {
            Map<?, ?> c = (Map<?, ?>) capacity.get(fleet);
            System.out.printf("capacity, %,d vehicles polling every 5 min (%,.0f check-ins/s): checkin-service replicas %d (from calls/s) or %d"
                            + " (from CPU/call), PostgreSQL %.1f cores at 70%%, WAL <= %.1f MiB/s, database %.1f GiB%n", Long.parseLong(fleet),
                    c.get("checkInsPerSecond"), c.get("replicasFromMeasuredRate"), c.get("replicasFromCpu"), c.get("postgresCores"),
                    c.get("walMibPerSecondUpperBound"), c.get("databaseGib"));
        }
        System.out.println("machine: " + Machine.line((Map<String, Object>) report.get("machine")));
    }

    private static Map<String, Object> verdict(double value, String comparison, double target, boolean met) {
        return Map.of("value", value, "target", comparison + " " + target, "status", met ? "met" : "below target");
    }

    private static double sum(List<Map<String, Object>> rows, String key) {
        return Stats.column(rows, key).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU time of this (the load generator's) process so far, in seconds. */
    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
