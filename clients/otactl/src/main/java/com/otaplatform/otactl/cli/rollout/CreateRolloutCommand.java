package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.CreateRolloutRequest;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.GateAction;
import com.otaplatform.rollout.v1.InstallPolicy;
import com.otaplatform.rollout.v1.MaintenanceWindow;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code otactl rollout create}: a draft rollout of a release, in stages with one gate each. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a draft rollout of a release. Start it with `otactl rollout start NAME`.",
                "Every stage gets the same gate: --max-failure-rate, --min-reported and --soak."})
public final class CreateRolloutCommand implements Callable<Integer> {
    /** What a gate does when its failure rate is exceeded. */
    enum OnFailure { pause, abort }

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--release", required = true, paramLabel = "RELEASE", description = "The release: releases/ID or ID.")
    String release;

    @Option(names = "--name", required = true, paramLabel = "DISPLAY", description = "Human-readable name of the rollout.")
    String displayName;

    @Option(names = "--select", paramLabel = "EXPR", defaultValue = "",
            description = "Selector over vehicle attributes, e.g. \"model = 'SU7' and region = 'CN'\"; default: every vehicle.")
    String selector;

    @Option(names = "--stages", required = true, paramLabel = "PCT[,PCT...]", converter = StagePlan.Converter.class,
            description = "Share of the selected fleet each stage reaches, in percent, strictly increasing, ending at 100: e.g. 1,10,50,100.")
    StagePlan stages;

    @Option(names = "--max-failure-rate", paramLabel = "RATE", converter = RateConverter.class,
            description = "Highest failure rate a stage may show before its gate fails, e.g. 2%%. Giving any gate option gives every stage a gate.")
    Integer maxFailureRateBp;

    @Option(names = "--min-reported", paramLabel = "N",
            description = "Vehicles of a stage that must report a final outcome before it may pass.")
    Long minReported;

    @Option(names = "--soak", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long each stage soaks before it may pass, e.g. 10m, 1h30m.")
    Duration soak;

    @Option(names = "--on-failure",
            description = "What a failed gate does: ${COMPLETION-CANDIDATES} (pause when a gate is given without it).")
    OnFailure onFailure;

    @Option(names = "--max-vehicles", paramLabel = "N", defaultValue = "0",
            description = "Upper bound on vehicles per stage; 0 means none (default).")
    long maxVehicles;

    @Option(names = "--priority", defaultValue = "0", description = "Higher wins when two live rollouts touch the same ECU (default: ${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--require-parked", description = "Vehicles install only when parked.")
    boolean requireParked;

    @Option(names = "--min-battery", paramLabel = "PERCENT", defaultValue = "0", description = "Minimum battery charge to install, 0..100.")
    int minBattery;

    @Option(names = "--wifi-only-above", paramLabel = "BYTES", defaultValue = "0",
            description = "Updates whose downloads together are larger than this need Wi-Fi; 0 means never (default).")
    long wifiOnlyAbove;

    @Option(names = "--window", paramLabel = "CRON,DURATION,ZONE", converter = WindowConverter.class,
            description = {"A maintenance window in which installs may start, e.g. '0 2 * * *,3h,Europe/Berlin' (five-field cron,",
                    "how long it stays open, IANA time zone); repeatable. Outside every window vehicles wait. Default: any time."})
    List<MaintenanceWindow> windows = new ArrayList<>();

    CreateRolloutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if ((minReported != null && minReported < 0) || maxVehicles < 0 || wifiOnlyAbove < 0 || minBattery < 0 || minBattery > 100) {
            throw new ParameterException(spec.commandLine(),
                    "--min-reported, --max-vehicles and --wifi-only-above must not be negative; --min-battery is 0..100.");
        }
        Rollout r = context.clients().rollouts().createRollout(request()).getRollout();
        if (output.json()) {
            context.out().println(ProtoJson.print(r));
        } else {
            context.out().println("Created " + r.getName() + " (" + RolloutText.state(r) + "). Start it with: otactl rollout start " + r.getName());
            RolloutText.status(r, context.out());
        }
        return 0;
    }

    /** The request, built from the options alone (no I/O): tests check it. */
    CreateRolloutRequest request() {
        Gate.Builder gate = Gate.newBuilder();
        boolean gated = maxFailureRateBp != null || minReported != null || soak != null || onFailure != null;
        if (gated) {
            gate.setMaxFailureRateBp(maxFailureRateBp == null ? 0 : maxFailureRateBp)
                    .setMinVehiclesReported(minReported == null ? 0 : minReported)
                    .setOnFailure(onFailure == OnFailure.abort ? GateAction.GATE_ACTION_ABORT : GateAction.GATE_ACTION_PAUSE);
            if (soak != null) {
                gate.setSoakTime(com.google.protobuf.Duration.newBuilder().setSeconds(soak.getSeconds()).setNanos(soak.getNano()));
            }
        }
        CreateRolloutRequest.Builder req = CreateRolloutRequest.newBuilder()
                .setDisplayName(displayName)
                .setRelease(ResourceNames.release(release))
                .setSelector(selector)
                .setPriority(priority)
                .setInstallPolicy(InstallPolicy.newBuilder().setRequireParked(requireParked).setMinBatteryPercent(minBattery)
                        .setWifiOnlyAboveBytes(wifiOnlyAbove).addAllMaintenanceWindows(windows));
        for (int bp : stages.basisPoints()) {
            Stage.Builder stage = Stage.newBuilder().setPercentageBp(bp).setMaxVehicles(maxVehicles);
            if (gated) {
                stage.setGate(gate);
            }
            req.addStages(stage);
        }
        return req.build();
    }
}
