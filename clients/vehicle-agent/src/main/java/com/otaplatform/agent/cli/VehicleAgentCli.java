package com.otaplatform.agent.cli;

import com.otaplatform.agent.CycleResult;
import com.otaplatform.agent.EcuConfig;
import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.agent.TrustedRoots;
import com.otaplatform.agent.VehicleAgent;
import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.agent.VehicleIdentity;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vehicle-agent run --endpoint 127.0.0.1:8443 --server-ca ca.pem --vin ... --state-dir ... --ecu serial:ecu:hw --once}. */
@Command(name = "vehicle-agent", mixinStandardHelpOptions = true,
    description = "OTA vehicle update agent.",
    subcommands = {VehicleAgentCli.Run.class, CommandLine.HelpCommand.class})
public final class VehicleAgentCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI in-process and returns its exit code (never calls System.exit). */
  public static int run(String... args) {
    return new CommandLine(new VehicleAgentCli()).execute(args);
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Check in, apply assignments and report status, once or in a loop.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:cycle(s) ran; no update failed", "1:check-in failed", "2:bad arguments",
          "3:an update failed or was rolled back", "4:provisioning failed or was refused (a stored certificate is kept)"})
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--endpoint", defaultValue = "127.0.0.1:8443",
        description = "checkin-service's vehicle port (gRPC over mutual TLS), host:port (default: ${DEFAULT-VALUE})")
    String endpoint;

    @Option(names = "--server-ca", required = true, paramLabel = "PEM",
        description = "CA certificate(s) that checkin-service's TLS certificate is checked against")
    Path serverCa;

    @Option(names = "--factory-token", defaultValue = "${env:OTA_FACTORY_TOKEN}",
        description = "one-time factory token (from FleetService.RegisterVehicle); needed once, when the state dir"
            + " holds no certificate yet, or with --reprovision (default: $OTA_FACTORY_TOKEN)")
    String factoryToken;

    @Option(names = "--reprovision",
        description = "provision again although the state dir holds a certificate: spend --factory-token (from otactl vehicle"
            + " reprovision) on a new key pair and certificate, registering the ECUs' keys anew; for one run")
    boolean reprovision;

    @Option(names = "--vin", required = true, description = "vehicle identification number (17 characters)")
    String vin;

    @Option(names = "--state-dir", required = true, description = "directory for slots, downloads and the event queue")
    Path stateDir;

    @Option(names = "--ecu", required = true, paramLabel = "SERIAL:ECU:HW",
        description = "an ECU, repeatable; the first one is the primary ECU")
    List<String> ecus = new ArrayList<>();

    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "targeting attribute, repeatable (model=SU7)")
    Map<String, String> attributes = new LinkedHashMap<>();

    @CommandLine.Mixin TrustedRootOptions roots;

    @Option(names = "--once", description = "run a single cycle and exit")
    boolean once;

    @Option(names = "--poll-interval", converter = DurationConverter.class,
        description = "override the server's next_poll between cycles (demos)")
    Duration pollInterval;

    @Option(names = "--stall-timeout", defaultValue = "30s", converter = DurationConverter.class,
        description = "abort a download that sends no byte for this long (default: ${DEFAULT-VALUE})")
    Duration stallTimeout;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      VehicleIdentity identity;
      Optional<TrustedRoots> given = roots.read(spec.commandLine());
      try {
        List<EcuConfig> parsed = new ArrayList<>();
        for (String e : ecus) {
          parsed.add(EcuConfig.parse(e));
        }
        identity = new VehicleIdentity(vin, attributes, parsed);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      String serverCaPem = Files.readString(serverCa);
      Optional<VehicleCredentials> stored = VehicleCredentials.load(stateDir);
      boolean provision = stored.isEmpty() || reprovision;
      if (provision && (factoryToken == null || factoryToken.isBlank())) {
        throw new CommandLine.ParameterException(spec.commandLine(), reprovision
            ? "--reprovision needs --factory-token (a fleet admin gets it from otactl vehicle reprovision " + vin + ")"
            : stateDir + " holds no vehicle certificate yet: provision once with --factory-token (a fleet admin gets it from"
                + " FleetService.RegisterVehicle)");
      }
      VehicleCredentials credentials;
      try {
        credentials = provision ? provision(serverCaPem, identity, out) : stored.get();
      } catch (StatusRuntimeException e) {
        spec.commandLine().getErr().println("provisioning failed: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        return 4;
      }
      ManagedChannel channel = VehicleChannels.authenticated(endpoint, serverCaPem, credentials);
      try {
        VehicleAgent agent = VehicleAgent.builder(identity, stateDir, channel).stallTimeout(stallTimeout)
            .trustedRoots(TrustedRootOptions.orFromProvisioning(spec.commandLine(), given, credentials)).build();
        int exit = 0;
        while (true) {
          CycleResult r = agent.runCycle();
          out.println(describe(r));
          out.flush();
          exit = !r.checkedIn() ? 1
              : (r.update() == CycleResult.UpdateOutcome.FAILED || r.update() == CycleResult.UpdateOutcome.ROLLED_BACK) ? 3
              : 0;
          if (once) {
            return exit;
          }
          Duration delay = pollInterval != null && r.checkedIn() ? pollInterval : r.nextDelay();
          Thread.sleep(delay.toMillis());
        }
      } finally {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      }
    }

    private VehicleCredentials provision(String serverCaPem, VehicleIdentity identity, PrintWriter out) throws Exception {
      ManagedChannel channel = VehicleChannels.provisioning(endpoint, serverCaPem);
      try {
        VehicleCredentials credentials = Provisioning.provision(channel, vin, factoryToken, EcuKeys.loadOrCreate(stateDir, identity, true));
        credentials.store(stateDir, true);
        out.println((reprovision ? "re-provisioned " : "provisioned ") + vin + "; certificate stored in " + stateDir.resolve("identity"));
        return credentials;
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    private static String describe(CycleResult r) {
      StringBuilder s = new StringBuilder();
      s.append(r.checkedIn() ? "checked in" : "check-in failed: " + r.checkInError());
      if (r.update() != CycleResult.UpdateOutcome.NONE) {
        s.append("; update ").append(r.correlationId()).append(": ").append(r.update());
        if (!r.errorCode().isEmpty()) {
          s.append(" (").append(r.errorCode()).append(')');
        }
      }
      s.append("; events delivered ").append(r.eventsDelivered()).append(", pending ").append(r.eventsPending());
      s.append("; next cycle in ").append(r.nextDelay().toMillis()).append(" ms");
      return s.toString();
    }
  }
}
