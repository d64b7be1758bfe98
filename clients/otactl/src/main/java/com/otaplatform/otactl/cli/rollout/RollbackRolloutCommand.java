package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.RollbackRolloutRequest;
import com.otaplatform.rollout.v1.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code otactl rollout rollback NAME --reason TEXT [--release RELEASE]}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Abort a rollout and create a draft rollout of the previous release for the vehicles that took it.",
                "The draft selects exactly them: this rollout's selector, and each ECU on the version this rollout installed.",
                "Check it with 'otactl rollout dry-run', then start it with 'otactl rollout start'. Needs role operator."})
final class RollbackRolloutCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The rollout to roll back: rollouts/ID or ID.")
    String name;

    @Option(names = "--reason", required = true, description = "Why, for both rollouts' audit trails (required).")
    String reason;

    @Option(names = "--release", paramLabel = "RELEASE",
            description = "The release to go back to: releases/ID or ID. Default: the release the rolled-back one superseded.")
    String release;

    RollbackRolloutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RollbackRolloutRequest.Builder req = RollbackRolloutRequest.newBuilder().setName(ResourceNames.rollout(name)).setReason(reason);
        if (release != null) {
            req.setRelease(ResourceNames.release(release));
        }
        Rollout r = context.clients().rollouts().rollbackRollout(req.build()).getRollout();
        if (output.json()) {
            context.out().println(ProtoJson.print(r));
        } else {
            context.out().println(r.getRollbackOf() + " is aborted. Created " + r.getName() + " (" + RolloutText.state(r)
                    + ") to take its vehicles back. Check it with: otactl rollout dry-run " + r.getName()
                    + "; start it with: otactl rollout start " + r.getName());
            RolloutText.status(r, context.out());
        }
        return 0;
    }
}
