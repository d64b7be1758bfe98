package com.otaplatform.fleetsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.otaplatform.agent.CycleResult;
import com.otaplatform.agent.EcuConfig;
import com.otaplatform.agent.ImageDownloader;
import com.otaplatform.agent.ImageWriter;
import com.otaplatform.agent.TrustedRoots;
import com.otaplatform.agent.VehicleAgent;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.agent.VehicleIdentity;
import com.otaplatform.agent.cli.DurationConverter;
import com.otaplatform.agent.cli.TrustedRootOptions;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs N simulated vehicles in one JVM, each a real {@link VehicleAgent} with its own state dir
 * under {@code --base-dir/<VIN>} and its own mutual-TLS channel (its own certificate; provisioned
 * on first run, see {@link FleetProvisioning}), all sharing one HTTP client and a bounded
 * scheduler pool (Java 17: no virtual threads). Stops after {@code --cycles} cycles per vehicle
 * or after {@code --duration}, whichever comes first, and prints a summary.
 */
@Command(name = "fleet-simulator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Simulates a fleet of vehicles running the OTA vehicle agent against checkin-service.")
public final class FleetSimulator implements Callable<Integer> {
  /** Held so the configured level is not lost when the logger is garbage collected. */
  private static final Logger AGENT_LOG = Logger.getLogger("com.otaplatform.agent");
  /** A vehicle's connection closes after this long without calls, so a large fleet holds connections only while it checks in. */
  private static final Duration CONNECTION_IDLE = Duration.ofSeconds(30);
  private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--endpoint", defaultValue = "127.0.0.1:8443",
      description = "checkin-service's vehicle port (gRPC over mutual TLS), host:port (default: ${DEFAULT-VALUE})")
  String endpoint;

  @Option(names = "--server-ca", required = true, paramLabel = "PEM",
      description = "CA certificate(s) that checkin-service's TLS certificate is checked against")
  Path serverCa;

  @Option(names = "--fleet-endpoint", defaultValue = "127.0.0.1:8084",
      description = "checkin-service's FleetService, plaintext host:port, to register new vehicles (default: ${DEFAULT-VALUE})")
  String fleetEndpoint;

  @Option(names = "--fleet-admin-token", defaultValue = "${env:OTA_FLEET_ADMIN_TOKEN}",
      description = "bearer token with role fleet-admin, to register vehicles that have no certificate yet"
          + " (default: $OTA_FLEET_ADMIN_TOKEN)")
  String fleetAdminToken;

  @Option(names = {"-n", "--vehicles"}, defaultValue = "10", description = "number of vehicles (default: ${DEFAULT-VALUE})")
  int vehicles;

  @Option(names = "--base-dir", defaultValue = "fleet-state",
      description = "state directory; each vehicle uses <base-dir>/<VIN> (default: ${DEFAULT-VALUE})")
  Path baseDir;

  @Option(names = "--seed", defaultValue = "1", description = "seed for VINs and failure injection (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--model", defaultValue = "SU7", description = "model attribute (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--region", defaultValue = "CN", description = "region attribute (default: ${DEFAULT-VALUE})")
  String region;

  @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "extra attribute, repeatable")
  Map<String, String> attributes = new LinkedHashMap<>();

  @Option(names = "--ecu", paramLabel = "ECU:HW",
      description = "an ECU of every vehicle, repeatable; the first is primary (default: adas-main:adas-v3)")
  List<String> ecus = new ArrayList<>();

  @Option(names = "--fail-download", defaultValue = "0", description = "probability an image download fails")
  double failDownload;

  @Option(names = "--fail-install", defaultValue = "0", description = "probability writing a slot fails")
  double failInstall;

  @Option(names = "--fail-boot", defaultValue = "0", description = "probability a boot check fails (rollback)")
  double failBoot;

  @Option(names = "--tamper-assignment", defaultValue = "0",
      description = "probability a check-in response's assignment is rewritten on the wire (a metadata attack the vehicle must refuse)")
  double tamperAssignment;

  @CommandLine.Mixin TrustedRootOptions roots;

  @Option(names = "--cycles", defaultValue = "1",
      description = "check-in cycles per vehicle, 0 = until --duration (default: ${DEFAULT-VALUE})")
  int cycles;

  @Option(names = "--duration", converter = DurationConverter.class,
      description = "stop after this long (60s, 5m); default: until every vehicle did --cycles")
  Duration duration;

  @Option(names = "--until-updated",
      description = "stop each vehicle once it finished one update (succeeded, failed or rolled back) and delivered its events")
  boolean untilUpdated;

  @Option(names = "--poll-interval", converter = DurationConverter.class,
      description = "override the server's next_poll after a successful check-in (demos)")
  Duration pollInterval;

  @Option(names = "--backoff-max", converter = DurationConverter.class, defaultValue = "5m",
      description = "longest wait between retries after failed calls, as the agent's (default: ${DEFAULT-VALUE})")
  Duration backoffMax;

  @Option(names = "--ramp-up", converter = DurationConverter.class, defaultValue = "0s",
      description = "spread the first check-ins over this long (default: ${DEFAULT-VALUE})")
  Duration rampUp;

  @Option(names = "--threads", description = "worker threads running cycles (default: min(64, vehicles))")
  Integer threads;

  @Option(names = "--stall-timeout", converter = DurationConverter.class, defaultValue = "30s",
      description = "abort downloads that stall this long (default: ${DEFAULT-VALUE})")
  Duration stallTimeout;

  @Option(names = "--fsync", description = "fsync agent state writes like a real vehicle (slow for big fleets)")
  boolean fsync;

  @Option(names = "--output", defaultValue = "text", description = "summary format: text or json (default: ${DEFAULT-VALUE})")
  String output;

  @Option(names = {"-v", "--verbose"}, description = "log agent activity (INFO)")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs in-process, printing to stdout; returns the exit code (never calls System.exit). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8), args);
  }

  /** Runs in-process, printing the summary to {@code out}; returns the exit code. */
  public static int run(PrintWriter out, String... args) {
    CommandLine cli = new CommandLine(new FleetSimulator());
    cli.setOut(out);
    int code = cli.execute(args);
    out.flush();
    return code;
  }

  private final class Vehicle {
    final VehicleAgent agent;
    final AtomicInteger cyclesDone = new AtomicInteger();
    final AtomicBoolean finished = new AtomicBoolean();
    final AtomicBoolean updated = new AtomicBoolean();

    Vehicle(VehicleAgent agent) {
      this.agent = agent;
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    AGENT_LOG.setLevel(verbose ? Level.INFO : Level.SEVERE);
    FaultInjection faults = new FaultInjection(failDownload, failInstall, failBoot, tamperAssignment);
    Optional<TrustedRoots> givenRoots = roots.read(spec.commandLine());
    List<String[]> ecuSpecs = ecuSpecs();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("model", model);
    attrs.put("region", region);
    attrs.putAll(attributes);
    int poolSize = threads != null ? threads : Math.max(1, Math.min(64, vehicles));

    String serverCaPem = Files.readString(serverCa);
    VinGenerator vins = new VinGenerator(seed);
    List<VehicleIdentity> identities = new ArrayList<>(vehicles);
    for (int i = 0; i < vehicles; i++) {
      String vin = vins.vin(i);
      List<EcuConfig> ecuConfigs = new ArrayList<>();
      for (String[] e : ecuSpecs) {
        ecuConfigs.add(new EcuConfig(e[0] + "-" + vin, e[0], e[1]));
      }
      identities.add(new VehicleIdentity(vin, attrs, ecuConfigs));
    }
    List<VehicleCredentials> credentials = provision(identities, poolSize, serverCaPem);
    List<ManagedChannel> channels = new ArrayList<>(vehicles);
    HttpClient http = ImageDownloader.newHttpClient();
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(poolSize, daemonThreads());
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.setRemoveOnCancelPolicy(true);
    FleetSummary summary = new FleetSummary();
    long start = System.nanoTime();
    boolean timedOut = false;
    List<Vehicle> fleet = new ArrayList<>(vehicles);
    Map<List<ByteBuffer>, TrustedRoots> sharedRoots = new HashMap<>();
    try {
      for (int i = 0; i < vehicles; i++) {
        VehicleIdentity identity = identities.get(i);
        VehicleCredentials provisioned = credentials.get(i);
        // the vehicles of one platform got the same roots at provisioning: one copy serves them all
        TrustedRoots trusted = sharedRoots.computeIfAbsent(
            List.of(ByteBuffer.wrap(provisioned.imageRoot()), ByteBuffer.wrap(provisioned.directorRoot())),
            key -> TrustedRootOptions.orFromProvisioning(spec.commandLine(), givenRoots, provisioned));
        ManagedChannel channel = VehicleChannels.authenticated(endpoint, serverCaPem, provisioned, CONNECTION_IDLE);
        channels.add(channel);
        // SplittableRandom mixes the seed: java.util.Random's first draws from adjacent seeds are correlated.
        Random random = new Random(new SplittableRandom(seed * 1_000_003L + i).nextLong());
        VehicleAgent agent = VehicleAgent.builder(identity, baseDir.resolve(identity.vin()),
                faults.checkIns(channel, random))
            .httpClient(http)
            .trustedRoots(trusted)
            .stallTimeout(stallTimeout)
            .backoff(BACKOFF_BASE, backoffMax)
            .fsync(fsync)
            .random(random)
            .wrapImageSource(real -> faults.downloads(real, random))
            .imageWriter(faults.writes(ImageWriter.copying(fsync), random))
            .bootCheck(faults.boots(random))
            .build();
        fleet.add(new Vehicle(agent));
      }

      CountDownLatch done = new CountDownLatch(vehicles);
      long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
      for (int i = 0; i < vehicles; i++) {
        Vehicle v = fleet.get(i);
        long delay = vehicles <= 1 ? 0 : rampUp.toMillis() * i / vehicles;
        scheduler.schedule(() -> cycle(v, scheduler, summary, done, deadline), delay, TimeUnit.MILLISECONDS);
      }
      if (duration == null) {
        done.await();
      } else {
        timedOut = !done.await(duration.toMillis() + 1000, TimeUnit.MILLISECONDS);
      }
    } finally {
      scheduler.shutdown();
      if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
      channels.forEach(ManagedChannel::shutdown);
      for (ManagedChannel channel : channels) {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      }
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    long pending = 0;
    for (Vehicle v : fleet) {
      pending += v.agent.eventQueue().size();
    }
    Map<String, Object> result = summary.toMap(vehicles, elapsedMillis, pending, timedOut);
    if (output.equals("json")) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    } else {
      printText(out, result);
    }
    return 0;
  }

  /** Every vehicle's credentials, provisioning the ones that have none, {@code threads} at a time. */
  private List<VehicleCredentials> provision(List<VehicleIdentity> identities, int threads, String serverCaPem) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(threads, daemonThreads());
    try (FleetProvisioning provisioning = new FleetProvisioning(fleetEndpoint, fleetAdminToken, endpoint, serverCaPem, fsync)) {
      List<Future<VehicleCredentials>> pending = new ArrayList<>(vehicles);
      for (VehicleIdentity identity : identities) {
        pending.add(workers.submit(() -> provisioning.credentials(identity, baseDir.resolve(identity.vin()))));
      }
      List<VehicleCredentials> credentials = new ArrayList<>(vehicles);
      for (Future<VehicleCredentials> one : pending) {
        credentials.add(one.get());
      }
      return credentials;
    } finally {
      workers.shutdownNow();
    }
  }

  private void cycle(Vehicle v, ScheduledThreadPoolExecutor scheduler, FleetSummary summary, CountDownLatch done,
      long deadline) {
    if (v.finished.get()) {
      return;
    }
    CycleResult r = null;
    long t0 = System.nanoTime();
    try {
      r = v.agent.runCycle();
      summary.record(r, (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      summary.recordAgentError(e);
      Logger.getLogger(FleetSimulator.class.getName()).log(Level.WARNING,
          v.agent.identity().vin() + ": cycle crashed", e);
    }
    int n = v.cyclesDone.incrementAndGet();
    if (r != null && r.update().finished()) {
      v.updated.set(true);
    }
    if (cycles > 0 && n >= cycles || untilUpdated && v.updated.get() && r != null && r.eventsPending() == 0) {
      finish(v, done);
      return;
    }
    Duration delay;
    if (r != null && r.checkedIn() && pollInterval != null) {
      delay = pollInterval;
    } else if (r != null) {
      delay = r.nextDelay();
    } else {
      delay = Duration.ofSeconds(5);
    }
    if (System.nanoTime() + delay.toNanos() > deadline || scheduler.isShutdown()) {
      if (r != null && !r.checkedIn()) {
        summary.recordFailingAtEnd(v.agent.identity().vin(), r.checkInError());
      }
      finish(v, done);
      return;
    }
    try {
      scheduler.schedule(() -> cycle(v, scheduler, summary, done, deadline), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      finish(v, done);
    }
  }

  private static void finish(Vehicle v, CountDownLatch done) {
    if (v.finished.compareAndSet(false, true)) {
      done.countDown();
    }
  }

  private void validate() {
    CommandLine cmd = spec.commandLine();
    if (vehicles < 1 || vehicles > VinGenerator.MAX_VEHICLES) {
      throw new CommandLine.ParameterException(cmd, "--vehicles must be in 1.." + VinGenerator.MAX_VEHICLES);
    }
    if (cycles < 0) {
      throw new CommandLine.ParameterException(cmd, "--cycles must be >= 0");
    }
    if (cycles == 0 && duration == null) {
      throw new CommandLine.ParameterException(cmd, "--cycles 0 (unbounded) needs --duration");
    }
    if (threads != null && threads < 1) {
      throw new CommandLine.ParameterException(cmd, "--threads must be >= 1");
    }
    if (!output.equals("text") && !output.equals("json")) {
      throw new CommandLine.ParameterException(cmd, "--output must be text or json");
    }
    try {
      new FaultInjection(failDownload, failInstall, failBoot, tamperAssignment);
      ecuSpecs();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
  }

  private List<String[]> ecuSpecs() {
    List<String> specs = ecus.isEmpty() ? List.of("adas-main:adas-v3") : ecus;
    List<String[]> parsed = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String s : specs) {
      String[] parts = s.split(":", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException("--ecu must be ecu:hardwareId, got '" + s + "'");
      }
      if (!seen.add(parts[0])) {
        throw new IllegalArgumentException("--ecu " + parts[0] + " given twice");
      }
      parsed.add(parts);
    }
    return parsed;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "fleet-sim-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @SuppressWarnings("unchecked")
  private static void printText(PrintWriter out, Map<String, Object> s) {
    Map<String, Object> latency = (Map<String, Object>) s.get("cycleMillis");
    out.printf("fleet-simulator: %s vehicles, %s cycles in %.1f s%s%n", s.get("vehicles"), s.get("cycles"),
        ((Long) s.get("elapsedMillis")) / 1000.0, Boolean.TRUE.equals(s.get("timedOut")) ? " (duration reached)" : "");
    out.printf("  check-ins     %s ok, %s failed %s%n", s.get("checkIns"), s.get("checkInFailures"),
        ((Map<?, ?>) s.get("checkInErrors")).isEmpty() ? "" : s.get("checkInErrors"));
    out.printf("  updates       %s succeeded, %s failed, %s rolled back, %s deferred%n", s.get("updatesSucceeded"),
        s.get("updatesFailed"), s.get("updatesRolledBack"), s.get("updatesDeferred"));
    out.printf("  events        %s delivered, %s pending%n", s.get("eventsDelivered"), s.get("eventsPending"));
    out.printf("  error codes   %s%n", ((Map<?, ?>) s.get("errorCodes")).isEmpty() ? "none" : s.get("errorCodes"));
    out.printf("  cycle ms      p50 %s, p95 %s, p99 %s, max %s%n", latency.get("p50"), latency.get("p95"),
        latency.get("p99"), latency.get("max"));
    if (!((Map<?, ?>) s.get("failingAtEnd")).isEmpty()) {
      out.printf("  failing at end %s%n", s.get("failingAtEnd"));
    }
    if ((Long) s.get("agentErrors") > 0) {
      out.printf("  agent errors  %s (see log)%n", s.get("agentErrors"));
    }
  }
}
