package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.GroupCommand;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.Pages;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.AbortRolloutRequest;
import com.otaplatform.rollout.v1.AdvanceRolloutRequest;
import com.otaplatform.rollout.v1.GetRolloutRequest;
import com.otaplatform.rollout.v1.ListRolloutEventsRequest;
import com.otaplatform.rollout.v1.ListRolloutEventsResponse;
import com.otaplatform.rollout.v1.ListRolloutsRequest;
import com.otaplatform.rollout.v1.ListRolloutsResponse;
import com.otaplatform.rollout.v1.PauseRolloutRequest;
import com.otaplatform.rollout.v1.ResumeRolloutRequest;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutEvent;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.StartRolloutRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code otactl rollout ...}. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Create and drive staged rollouts of releases. Changing a rollout needs role operator.",
        subcommands = {CreateRolloutCommand.class, RolloutCommand.ListRollouts.class, RolloutCommand.Status.class,
                RolloutCommand.Start.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class,
                RolloutCommand.Advance.class, RolloutCommand.Abort.class, RollbackRolloutCommand.class, DryRunRolloutCommand.class,
                WatchRolloutCommand.class,
                RolloutCommand.Events.class})
public final class RolloutCommand extends GroupCommand {

    /** States as typed on the command line. */
    enum StateOption {
        draft(RolloutState.ROLLOUT_STATE_DRAFT), running(RolloutState.ROLLOUT_STATE_RUNNING),
        paused(RolloutState.ROLLOUT_STATE_PAUSED), completed(RolloutState.ROLLOUT_STATE_COMPLETED),
        aborted(RolloutState.ROLLOUT_STATE_ABORTED);

        final RolloutState proto;

        StateOption(RolloutState proto) {
            this.proto = proto;
        }
    }

    /** {@code otactl rollout list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rollouts, newest first.")
    static final class ListRollouts implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Option(names = "--state", description = "Only rollouts in this state: ${COMPLETION-CANDIDATES}.")
        StateOption state;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        ListRollouts(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            RolloutServiceGrpc.RolloutServiceBlockingStub stub = context.clients().rollouts();
            List<Rollout> shown = Pages.read(limit, (size, token) -> {
                ListRolloutsRequest.Builder req = ListRolloutsRequest.newBuilder().setPageSize(size).setPageToken(token);
                if (state != null) {
                    req.setState(state.proto);
                }
                ListRolloutsResponse page = stub.listRollouts(req.build());
                return new Pages.Page<>(page.getRolloutsList(), page.getNextPageToken());
            });
            if (output.json()) {
                context.out().println(ProtoJson.array(shown));
            } else if (shown.isEmpty()) {
                context.out().println("No rollouts.");
            } else {
                RolloutText.table(shown, context.out());
            }
            return 0;
        }
    }

    /** {@code otactl rollout status NAME}. */
    @Command(name = "status", aliases = "show", mixinStandardHelpOptions = true,
            description = "Show a rollout's state and, per stage, how many vehicles were reached, succeeded, failed and are in progress.")
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "NAME", description = "The rollout: rollouts/ID or ID.")
        String name;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Rollout r = context.clients().rollouts()
                    .getRollout(GetRolloutRequest.newBuilder().setName(ResourceNames.rollout(name)).build()).getRollout();
            if (output.json()) {
                context.out().println(ProtoJson.print(r));
            } else {
                RolloutText.status(r, context.out());
            }
            return 0;
        }
    }

    /** {@code otactl rollout start NAME}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Make a draft rollout live at its first stage.")
    static final class Start extends TransitionCommand {
        Start(CliContext context) {
            super(context);
        }

        @Override
        Rollout apply(RolloutServiceGrpc.RolloutServiceBlockingStub stub, String rollout) {
            return stub.startRollout(StartRolloutRequest.newBuilder().setName(rollout).build()).getRollout();
        }
    }

    /** {@code otactl rollout pause NAME}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop telling further vehicles to install.")
    static final class Pause extends TransitionCommand {
        @Option(names = "--reason", description = "Why, for the audit trail.")
        String reason = "";

        Pause(CliContext context) {
            super(context);
        }

        @Override
        Rollout apply(RolloutServiceGrpc.RolloutServiceBlockingStub stub, String rollout) {
            return stub.pauseRollout(PauseRolloutRequest.newBuilder().setName(rollout).setReason(reason).build()).getRollout();
        }
    }

    /** {@code otactl rollout resume NAME}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Continue a paused rollout at its current stage.")
    static final class Resume extends TransitionCommand {
        @Option(names = "--reason", description = "Why, for the audit trail.")
        String reason = "";

        Resume(CliContext context) {
            super(context);
        }

        @Override
        Rollout apply(RolloutServiceGrpc.RolloutServiceBlockingStub stub, String rollout) {
            return stub.resumeRollout(ResumeRolloutRequest.newBuilder().setName(rollout).setReason(reason).build()).getRollout();
        }
    }

    /** {@code otactl rollout abort NAME}. */
    @Command(name = "abort", mixinStandardHelpOptions = true, description = "End the rollout for good; no further vehicle is told to install.")
    static final class Abort extends TransitionCommand {
        @Option(names = "--reason", description = "Why, for the audit trail.")
        String reason = "";

        Abort(CliContext context) {
            super(context);
        }

        @Override
        Rollout apply(RolloutServiceGrpc.RolloutServiceBlockingStub stub, String rollout) {
            return stub.abortRollout(AbortRolloutRequest.newBuilder().setName(rollout).setReason(reason).build()).getRollout();
        }
    }

    /** {@code otactl rollout advance NAME --reason TEXT}. */
    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = "Move to the next stage now, overriding the current stage's gate. A reason is required.")
    static final class Advance extends TransitionCommand {
        @Option(names = "--reason", required = true, description = "Why the gate is overridden (required).")
        String reason;

        @Option(names = "--expected-stage", paramLabel = "N",
                description = "The stage (1-based) you believe is current; refused if the rollout moved. Default: the current one, read first.")
        Integer expectedStage;

        Advance(CliContext context) {
            super(context);
        }

        @Override
        Rollout apply(RolloutServiceGrpc.RolloutServiceBlockingStub stub, String rollout) {
            int expected = expectedStage != null ? expectedStage - 1
                    : stub.getRollout(GetRolloutRequest.newBuilder().setName(rollout).build()).getRollout().getCurrentStage();
            return stub.advanceRollout(AdvanceRolloutRequest.newBuilder().setName(rollout).setReason(reason)
                    .setExpectedStage(expected).build()).getRollout();
        }
    }

    /** {@code otactl rollout events NAME}. */
    @Command(name = "events", mixinStandardHelpOptions = true, description = "Show a rollout's audit trail, oldest first.")
    static final class Events implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "NAME", description = "The rollout: rollouts/ID or ID.")
        String name;

        Events(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            RolloutServiceGrpc.RolloutServiceBlockingStub stub = context.clients().rollouts();
            List<RolloutEvent> all = Pages.all((size, token) -> {
                ListRolloutEventsResponse page = stub.listRolloutEvents(ListRolloutEventsRequest.newBuilder()
                        .setName(ResourceNames.rollout(name)).setPageSize(size).setPageToken(token).build());
                return new Pages.Page<>(page.getEventsList(), page.getNextPageToken());
            });
            if (output.json()) {
                context.out().println(ProtoJson.array(all));
            } else {
                RolloutText.events(all, context.out());
            }
            return 0;
        }
    }
}
