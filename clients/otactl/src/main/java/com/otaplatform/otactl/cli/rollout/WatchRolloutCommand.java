package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.WatchRolloutRequest;
import com.otaplatform.rollout.v1.WatchRolloutResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.util.Iterator;
import java.util.concurrent.Callable;

/** {@code otactl rollout watch NAME}. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a rollout live: its state and a progress bar per stage, until it completes or is aborted.",
                "Printed again on every change, with the audit event that caused it. Ctrl-C stops watching (exit 0).",
                "With --output json, one JSON object (a WatchRolloutResponse) per line and change."})
final class WatchRolloutCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The rollout: rollouts/ID or ID.")
    String name;

    WatchRolloutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Context.CancellableContext watching = Context.current().withCancellation();
        // Ctrl-C ends the watch, not the rollout: stop the stream and leave with 0
        Signal.handle(new Signal("INT"), signal -> watching.cancel(null));
        WatchRolloutRequest request = WatchRolloutRequest.newBuilder().setName(ResourceNames.rollout(name)).build();
        try {
            return watching.call(() -> {
                Iterator<WatchRolloutResponse> changes = context.clients().rollouts().watchRollout(request);
                while (changes.hasNext()) {
                    WatchRolloutResponse change = changes.next();
                    if (output.json()) {
                        context.out().println(ProtoJson.line(change));
                        context.out().flush();
                    } else {
                        RolloutText.change(change.getRollout(), change.hasEvent() ? change.getEvent() : null, context.out());
                    }
                }
                return 0;
            });
        } catch (StatusRuntimeException e) {
            if (watching.isCancelled() && e.getStatus().getCode() == Status.Code.CANCELLED) {
                return 0;
            }
            throw e;
        } finally {
            watching.cancel(null);
        }
    }
}
