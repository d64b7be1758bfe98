package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.DryRunRolloutRequest;
import com.otaplatform.rollout.v1.DryRunRolloutResponse;
import com.otaplatform.rollout.v1.GetRolloutRequest;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code otactl rollout dry-run NAME}. */
@Command(name = "dry-run", mixinStandardHelpOptions = true,
        description = {"Show, for a draft rollout, how many vehicles each stage would reach over today's fleet.",
                "Also how many selected vehicles it could not reach: incompatible hardware, already on the release, or held",
                "by a live rollout that outranks it on the same ECU."})
final class DryRunRolloutCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The draft rollout: rollouts/ID or ID.")
    String name;

    DryRunRolloutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RolloutServiceGrpc.RolloutServiceBlockingStub stub = context.clients().rollouts();
        String rollout = ResourceNames.rollout(name);
        DryRunRolloutResponse reach = stub.dryRunRollout(DryRunRolloutRequest.newBuilder().setName(rollout).build());
        if (output.json()) {
            context.out().println(ProtoJson.print(reach));
        } else {
            Rollout r = stub.getRollout(GetRolloutRequest.newBuilder().setName(rollout).build()).getRollout();
            RolloutText.reach(r, reach, context.out());
        }
        return 0;
    }
}
