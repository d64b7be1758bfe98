package com.otaplatform.rollout.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.MaintenanceWindow;
import com.otaplatform.rollout.TestRollouts;
import com.otaplatform.rollout.v1.*;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RolloutGrpcServiceTest {
    private static final String DEFAULT_RELEASE = TestRollouts.DEFAULT_RELEASE;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    TestRollouts rollouts;

    private ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private RolloutServiceGrpc.RolloutServiceBlockingStub as(String user) {
        return RolloutServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    private String createDefaultDraft(int... stagesBp) {
        return "rollouts/" + rollouts.createDefaultDraft(TestRollouts.ungated(stagesBp));
    }

    private static CreateRolloutRequest.Builder createDefaultRequest() {
        return CreateRolloutRequest.newBuilder().setDisplayName("adas to SU7").setRelease(DEFAULT_RELEASE)
                .setSelector("model = 'SU7'").addStages(Stage.newBuilder().setPercentageBp(10_000));
    }

    private static void assertStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    @Test
    void shouldNameTheFieldOfBadSelectorsAndStageLists() {
        var operator = as("operator");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setSelector("model = SU7").build()),
                Status.Code.INVALID_ARGUMENT, "selector: expected a value in single quotes at position 9");
        assertStatus(() -> operator.createRollout(createDefaultRequest().clearStages().build()),
                Status.Code.INVALID_ARGUMENT, "stages: needs at least one stage");
        assertStatus(() -> operator.createRollout(createDefaultRequest().clearStages()
                        .addStages(Stage.newBuilder().setPercentageBp(5000)).addStages(Stage.newBuilder().setPercentageBp(1000)).build()),
                Status.Code.INVALID_ARGUMENT, "stages[1].percentage_bp: must be above the previous stage's (5000)");
        assertStatus(() -> operator.createRollout(createDefaultRequest().clearStages()
                        .addStages(Stage.newBuilder().setPercentageBp(100)).addStages(Stage.newBuilder().setPercentageBp(5000)).build()),
                Status.Code.INVALID_ARGUMENT, "stages: must end at 10000 (100%), the last stage is 5000");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setRelease("rel-1").build()),
                Status.Code.INVALID_ARGUMENT, "release: must look like releases/{id}");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setDisplayName("").build()),
                Status.Code.INVALID_ARGUMENT, "display_name: is required");
        assertStatus(() -> operator.createRollout(createDefaultRequest().clearStages()
                        .addStages(Stage.newBuilder().setPercentageBp(10_000).setGate(Gate.newBuilder().setMaxFailureRateBp(10_001))).build()),
                Status.Code.INVALID_ARGUMENT, "stages[0].gate.max_failure_rate_bp: must be between 0 and 10000");
        assertStatus(() -> operator.createRollout(createDefaultRequest().clearStages()
                        .addStages(Stage.newBuilder().setPercentageBp(10_000).setGate(Gate.newBuilder().setOnFailureValue(7))).build()),
                Status.Code.INVALID_ARGUMENT, "stages[0].gate.on_failure:");
        assertStatus(() -> operator.createRollout(createDefaultRequest().clearStages()
                        .addStages(Stage.newBuilder().setPercentageBp(10_000).setMaxVehicles(-1)).build()),
                Status.Code.INVALID_ARGUMENT, "stages[0].max_vehicles: must not be negative");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setInstallPolicy(minBattery(101)).build()),
                Status.Code.INVALID_ARGUMENT, "install_policy.min_battery_percent: must be between 0 and 100");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setInstallPolicy(com.otaplatform.rollout.v1.InstallPolicy.newBuilder()
                        .addMaintenanceWindows(window("0 2 * * *", "Europe/Berlin")).addMaintenanceWindows(window("61 2 * * *", "UTC"))).build()),
                Status.Code.INVALID_ARGUMENT, "install_policy.maintenance_windows[1].cron: is not a five-field cron expression");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setInstallPolicy(com.otaplatform.rollout.v1.InstallPolicy.newBuilder()
                        .addMaintenanceWindows(window("0 2 * * *", "Europe/Atlantis"))).build()),
                Status.Code.INVALID_ARGUMENT, "install_policy.maintenance_windows[0].time_zone: is not an IANA time zone");
        assertStatus(() -> operator.createRollout(createDefaultRequest().setSelector("ecu.adas-main = '2.4.1'").build()),
                Status.Code.INVALID_ARGUMENT, "selector: expected ecu.<ecu>.version at position 1");
    }

    private static com.otaplatform.rollout.v1.InstallPolicy minBattery(int minBattery) {
        return com.otaplatform.rollout.v1.InstallPolicy.newBuilder().setMinBatteryPercent(minBattery).build();
    }

    private static com.otaplatform.rollout.v1.MaintenanceWindow window(String cron, String timeZone) {
        return com.otaplatform.rollout.v1.MaintenanceWindow.newBuilder().setCron(cron).setTimeZone(timeZone)
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(7200)).build();
    }

    @Test
    void shouldShowTheInstallPolicyAsStored() {
        InstallPolicy policy = new InstallPolicy(true, 40, 100_000_000, List.of(
                MaintenanceWindow.parse("w", "0 2 * * *", Duration.ofHours(2), "Europe/Berlin")));
        String name = "rollouts/" + rollouts.createDraft(TestRollouts.ungated(10_000), "", 0, policy);
        var shown = as("viewer").getRollout(GetRolloutRequest.newBuilder().setName(name).build()).getRollout().getInstallPolicy();
        assertThat(shown.getRequireParked()).isTrue();
        assertThat(shown.getMinBatteryPercent()).isEqualTo(40);
        assertThat(shown.getWifiOnlyAboveBytes()).isEqualTo(100_000_000);
        assertThat(shown.getMaintenanceWindowsList()).containsExactly(window("0 2 * * *", "Europe/Berlin"));
    }

    @Test
    void shouldRefuseToStartASecondRolloutOfEqualPriorityOnTheSameEcuAndSelector() {
        String selector = "model = 'tie-" + UUID.randomUUID() + "'";
        String first = "rollouts/" + rollouts.createDraft(TestRollouts.ungated(10_000), selector, 5, InstallPolicy.NONE);
        String tie = "rollouts/" + rollouts.createDraft(TestRollouts.ungated(10_000), selector, 5, InstallPolicy.NONE);
        String higher = "rollouts/" + rollouts.createDraft(TestRollouts.ungated(10_000), selector, 6, InstallPolicy.NONE);
        var operator = as("operator");
        operator.startRollout(StartRolloutRequest.newBuilder().setName(first).build());

        assertStatus(() -> operator.startRollout(StartRolloutRequest.newBuilder().setName(tie).build()), Status.Code.FAILED_PRECONDITION,
                first + " (test) is live on the same ECU with the same selector and priority 5");
        assertThat(operator.getRollout(GetRolloutRequest.newBuilder().setName(tie).build()).getRollout().getState())
                .isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_DRAFT);
        assertThat(operator.startRollout(StartRolloutRequest.newBuilder().setName(higher).build()).getRollout().getPriority())
                .as("another priority orders the two at check-in").isEqualTo(6);

        operator.abortRollout(AbortRolloutRequest.newBuilder().setName(first).setReason("make way").build());
        assertThat(operator.startRollout(StartRolloutRequest.newBuilder().setName(tie).build()).getRollout().getState())
                .isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_RUNNING);
    }

    private static RollbackRolloutRequest.Builder rollback(String name) {
        return RollbackRolloutRequest.newBuilder().setName(name).setReason("adas crashes on cold start");
    }

    @Test
    void shouldLetOnlyOperatorsRollBackAndRefuseRollbacksThatCannotBeRight() {
        String name = createDefaultDraft(10_000);
        for (String user : new String[] {"viewer", "rel-eng", "fleet-admin", "no-roles"}) {
            assertStatus(() -> as(user).rollbackRollout(rollback(name).build()), Status.Code.PERMISSION_DENIED, "the caller's roles");
        }
        assertStatus(() -> RolloutServiceGrpc.newBlockingStub(channel).rollbackRollout(rollback(name).build()),
                Status.Code.UNAUTHENTICATED, "this call needs");
        var operator = as("operator");
        assertStatus(() -> operator.rollbackRollout(rollback("rollouts/42").build()), Status.Code.INVALID_ARGUMENT, "name: ");
        assertStatus(() -> operator.rollbackRollout(rollback(name).setReason("").build()), Status.Code.INVALID_ARGUMENT, "reason: is required");
        assertStatus(() -> operator.rollbackRollout(rollback(name).setRelease("rel-1").build()),
                Status.Code.INVALID_ARGUMENT, "release: must look like releases/{id}");
        assertStatus(() -> operator.rollbackRollout(rollback(name).build()), Status.Code.FAILED_PRECONDITION,
                name + " is a draft; no vehicle took it");

        operator.startRollout(StartRolloutRequest.newBuilder().setName(name).build());
        assertStatus(() -> operator.rollbackRollout(rollback(name).setRelease(DEFAULT_RELEASE).build()),
                Status.Code.INVALID_ARGUMENT, "release: is the release " + name + " rolls out");
        // the previous release is artifact-service's to tell, and none listens in these tests
        assertStatus(() -> operator.rollbackRollout(rollback(name).build()), Status.Code.UNAVAILABLE,
                "artifact-service could not read " + DEFAULT_RELEASE);
        assertThat(operator.getRollout(GetRolloutRequest.newBuilder().setName(name).build()).getRollout().getState())
                .as("a refused rollback changes nothing").isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_RUNNING);
    }

    @Test
    void shouldDryRunDraftsForEveryRoleAndSayWhenTheFleetCannotBeAsked() {
        String name = createDefaultDraft(1000, 10_000);
        var request = DryRunRolloutRequest.newBuilder().setName(name).build();
        assertStatus(() -> RolloutServiceGrpc.newBlockingStub(channel).dryRunRollout(request), Status.Code.UNAUTHENTICATED, "this call needs");
        assertStatus(() -> as("no-roles").dryRunRollout(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> as("viewer").dryRunRollout(DryRunRolloutRequest.newBuilder().setName("rollout/1").build()),
                Status.Code.INVALID_ARGUMENT, "name: must look like rollouts/{id}");
        // the fleet is checkin-service's to count, and none listens in these tests
        for (String user : new String[] {"viewer", "operator", "rel-eng", "fleet-admin"}) {
            assertStatus(() -> as(user).dryRunRollout(request), Status.Code.UNAVAILABLE,
                    "checkin-service could not estimate the reach of " + name);
        }
        as("operator").startRollout(StartRolloutRequest.newBuilder().setName(name).build());
        assertStatus(() -> as("viewer").dryRunRollout(request), Status.Code.FAILED_PRECONDITION, name + " is running; a dry run is for drafts");
    }

    @Test
    void shouldRefuseCallsWithoutTokenOrRole() {
        var request = GetRolloutRequest.newBuilder().setName("rollouts/" + UUID.randomUUID()).build();
        assertStatus(() -> RolloutServiceGrpc.newBlockingStub(channel).getRollout(request), Status.Code.UNAUTHENTICATED, "this call needs");
        assertStatus(() -> as("viewer").createRollout(createDefaultRequest().build()), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> as("rel-eng").startRollout(StartRolloutRequest.newBuilder()
                .setName(request.getName()).build()), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> as("viewer").getRollout(request), Status.Code.NOT_FOUND, request.getName());
    }

    @Test
    void shouldDriveARolloutThroughItsLifecycleAndAuditEveryTransition() {
        String name = createDefaultDraft(1000, 10_000);
        var operator = as("operator");

        var running = operator.startRollout(StartRolloutRequest.newBuilder().setName(name).build()).getRollout();
        assertThat(running.getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_RUNNING);
        assertThat(running.getProgress(0).getState()).isEqualTo(StageState.STAGE_STATE_ACTIVE);
        assertThat(operator.pauseRollout(PauseRolloutRequest.newBuilder().setName(name).setReason("look at logs").build())
                .getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_PAUSED);
        assertThat(operator.resumeRollout(ResumeRolloutRequest.newBuilder().setName(name).setReason("logs fine").build())
                .getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_RUNNING);

        assertStatus(() -> operator.advanceRollout(AdvanceRolloutRequest.newBuilder().setName(name).build()),
                Status.Code.INVALID_ARGUMENT, "reason: is required");
        assertStatus(() -> operator.advanceRollout(AdvanceRolloutRequest.newBuilder().setName(name).setReason("go").setExpectedStage(1).build()),
                Status.Code.FAILED_PRECONDITION, "the rollout is at stage 0, not 1");
        var advanced = operator.advanceRollout(AdvanceRolloutRequest.newBuilder().setName(name).setReason("soak looked fine").build()).getRollout();
        assertThat(advanced.getCurrentStage()).isEqualTo(1);
        assertThat(advanced.getProgress(0).getState()).isEqualTo(StageState.STAGE_STATE_PASSED);
        assertStatus(() -> operator.advanceRollout(AdvanceRolloutRequest.newBuilder().setName(name).setReason("again").setExpectedStage(1).build()),
                Status.Code.FAILED_PRECONDITION, "the rollout is at its last stage");

        assertThat(operator.abortRollout(AbortRolloutRequest.newBuilder().setName(name).setReason("wrong build").build())
                .getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_ABORTED);
        assertStatus(() -> operator.resumeRollout(ResumeRolloutRequest.newBuilder().setName(name).build()),
                Status.Code.FAILED_PRECONDITION, name + " is aborted");

        var trail = as("viewer").listRolloutEvents(ListRolloutEventsRequest.newBuilder().setName(name).build()).getEventsList();
        assertThat(trail).extracting(RolloutEvent::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(trail).extracting(RolloutEvent::getReason).containsExactly("started", "look at logs", "logs fine", "soak looked fine", "wrong build");
        assertThat(trail).allSatisfy(event -> {
            assertThat(event.getActor()).isEqualTo("operator");
            assertThat(event.getActorKind()).isEqualTo(ActorKind.ACTOR_KIND_USER);
        });
    }

    /** Collects a stream's messages and whether (and how) it ended. */
    private static final class Collected<T> implements StreamObserver<T> {
        final BlockingQueue<T> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();

        @Override
        public void onNext(T value) {
            messages.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }

        T next() throws InterruptedException {
            T message = messages.poll(60, TimeUnit.SECONDS);
            assertThat(message).as("a message within 60 s").isNotNull();
            return message;
        }
    }

    private Collected<WatchRolloutResponse> watch(String user, String name) {
        Collected<WatchRolloutResponse> collected = new Collected<>();
        RolloutServiceGrpc.newStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)))
                .watchRollout(WatchRolloutRequest.newBuilder().setName(name).build(), collected);
        return collected;
    }

    @Test
    void shouldStreamEveryChangeWithTheEventThatCausedItUntilTheRolloutEnds() throws Exception {
        String name = createDefaultDraft(1000, 10_000);
        var watched = watch("viewer", name);
        WatchRolloutResponse first = watched.next();
        assertThat(first.getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_DRAFT);
        assertThat(first.hasEvent()).isFalse();

        var operator = as("operator");
        operator.startRollout(StartRolloutRequest.newBuilder().setName(name).build());
        WatchRolloutResponse started = watched.next();
        assertThat(started.getEvent().getReason()).isEqualTo("started");
        assertThat(started.getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_RUNNING);

        rollouts.report(UUID.fromString(name.substring("rollouts/".length())), 0, 2, 1);
        WatchRolloutResponse counted = watched.next();
        assertThat(counted.hasEvent()).as("counters moved, no transition").isFalse();
        assertThat(counted.getRollout().getProgress(0).getVehiclesSucceeded()).isEqualTo(2);
        assertThat(counted.getRollout().getProgress(0).getVehiclesFailed()).isEqualTo(1);

        operator.pauseRollout(PauseRolloutRequest.newBuilder().setName(name).setReason("look at logs").build());
        operator.abortRollout(AbortRolloutRequest.newBuilder().setName(name).setReason("wrong build").build());
        WatchRolloutResponse paused = watched.next();
        WatchRolloutResponse aborted = watched.next();
        assertThat(paused.getEvent().getToState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_PAUSED);
        assertThat(paused.getEvent().getReason()).isEqualTo("look at logs");
        assertThat(aborted.getEvent().getReason()).isEqualTo("wrong build");
        assertThat(aborted.getEvent().getActor()).isEqualTo("operator");
        assertThat(aborted.getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_ABORTED);
        assertThat(watched.end.get(60, TimeUnit.SECONDS)).as("the stream ends with the rollout").isEqualTo(Status.OK);
        assertThat(watched.messages).isEmpty();

        var late = watch("operator", name);
        assertThat(late.next().getRollout().getState()).isEqualTo(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_ABORTED);
        assertThat(late.end.get(60, TimeUnit.SECONDS)).as("an ended rollout: its state, then the end").isEqualTo(Status.OK);
    }

    @Test
    void shouldRefuseWatchesWithoutRoleOrOfUnknownRollouts() throws Exception {
        String name = createDefaultDraft(10_000);
        assertThat(watch("no-roles", name).end.get(60, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        Status badName = watch("viewer", "rollout/1").end.get(60, TimeUnit.SECONDS);
        assertThat(badName.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badName.getDescription()).startsWith("name: must look like rollouts/{id}");
        String unknown = "rollouts/" + UUID.randomUUID();
        Status missing = watch("viewer", unknown).end.get(60, TimeUnit.SECONDS);
        assertThat(missing.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getDescription()).startsWith(unknown);
        for (String user : new String[] {"operator", "rel-eng", "fleet-admin"}) {
            var watched = watch(user, name);
            assertThat(watched.next().getRollout().getName()).isEqualTo(name);
            assertThat(watched.end).isNotDone();
        }
    }

    /** The first push, within 60 s, in which the named rollout satisfies the condition. */
    private static WatchLiveRolloutsResponse awaitPush(BlockingQueue<WatchLiveRolloutsResponse> received, String name,
            Predicate<Rollout> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            WatchLiveRolloutsResponse push = received.poll(left, TimeUnit.NANOSECONDS);
            if (push != null && push.getRolloutsList().stream().anyMatch(r -> r.getName().equals(name) && condition.test(r))) {
                return push;
            }
        }
        throw new AssertionError("no push within 10 s showed " + name + " as expected");
    }

    @Test
    void shouldPushLiveRolloutsToServicesOnly() throws Exception {
        BlockingQueue<WatchLiveRolloutsResponse> received = new LinkedBlockingQueue<>();
        RolloutServiceGrpc.newStub(channel).withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")))
                .watchLiveRollouts(WatchLiveRolloutsRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(WatchLiveRolloutsResponse value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        WatchLiveRolloutsResponse first = received.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();

        String name = createDefaultDraft(10_000);
        as("operator").startRollout(StartRolloutRequest.newBuilder().setName(name).build());
        // other tests' rollouts move in the background (gates, soak times): their pushes may come first
        WatchLiveRolloutsResponse next = awaitPush(received, name, rollout -> true);
        assertThat(next.getVersion()).isGreaterThan(first.getVersion());
        assertThat(next.getRolloutsList()).filteredOn(rollout -> rollout.getName().equals(name))
                .singleElement().satisfies(rollout -> assertThat(rollout.getTargets(0).getEcu().getEcu()).isEqualTo("adas-main"));

        // check-in enforces stage caps from these counts: a stage reaching more vehicles is pushed too
        rollouts.report(UUID.fromString(name.substring("rollouts/".length())), 0, 3, 0);
        WatchLiveRolloutsResponse counted = awaitPush(received, name, rollout -> rollout.getProgress(0).getVehiclesReached() == 3);
        assertThat(counted.getVersion()).isGreaterThan(next.getVersion());

        var viewerStream = RolloutServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("viewer")))
                .watchLiveRollouts(WatchLiveRolloutsRequest.getDefaultInstance());
        assertStatus(viewerStream::next, Status.Code.PERMISSION_DENIED, "the caller's roles");
    }
}
