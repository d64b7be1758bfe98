package com.otaplatform.rollout.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
                        .addStages(Stage.newBuilder().setPercentageBp(10_000).setMaxVehicles(50)).build()),
                Status.Code.UNIMPLEMENTED, "stages[0].max_vehicles: stage caps are not enforced yet");
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
        WatchLiveRolloutsResponse next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).isNotNull();
        assertThat(next.getVersion()).isGreaterThan(first.getVersion());
        assertThat(next.getRolloutsList()).anySatisfy(rollout -> {
            assertThat(rollout.getName()).isEqualTo(name);
            assertThat(rollout.getTargets(0).getEcu().getEcu()).isEqualTo("adas-main");
        });

        var viewerStream = RolloutServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("viewer")))
                .watchLiveRollouts(WatchLiveRolloutsRequest.getDefaultInstance());
        assertStatus(viewerStream::next, Status.Code.PERMISSION_DENIED, "the caller's roles");
    }
}
