package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** A command that moves one rollout to another state and prints it. */
abstract class TransitionCommand implements Callable<Integer> {
    protected final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The rollout: rollouts/ID or ID.")
    String name;

    TransitionCommand(CliContext context) {
        this.context = context;
    }

    /** Calls the service; {@code rollout} is the full resource name. */
    abstract Rollout apply(RolloutServiceGrpc.RolloutServiceBlockingStub stub, String rollout);

    @Override
    public Integer call() {
        Rollout r = apply(context.clients().rollouts(), ResourceNames.rollout(name));
        if (output.json()) {
            context.out().println(ProtoJson.print(r));
        } else {
            context.out().println(r.getName() + " is " + RolloutText.state(r) + ", " + RolloutText.stage(r) + ".");
        }
        return 0;
    }
}
