package com.otaplatform.console.client;

import com.otaplatform.console.Page;
import com.otaplatform.console.ReachView;
import com.otaplatform.console.RolloutEventView;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.config.ConsoleConfig;
import com.otaplatform.console.mapping.ViewMapper;
import com.otaplatform.rollout.v1.AbortRolloutRequest;
import com.otaplatform.rollout.v1.AdvanceRolloutRequest;
import com.otaplatform.rollout.v1.DryRunRolloutRequest;
import com.otaplatform.rollout.v1.GetRolloutRequest;
import com.otaplatform.rollout.v1.ListRolloutEventsRequest;
import com.otaplatform.rollout.v1.ListRolloutsRequest;
import com.otaplatform.rollout.v1.PauseRolloutRequest;
import com.otaplatform.rollout.v1.ResumeRolloutRequest;
import com.otaplatform.rollout.v1.RollbackRolloutRequest;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.StartRolloutRequest;
import com.otaplatform.rollout.v1.WatchRolloutRequest;
import com.otaplatform.rollout.v1.WatchRolloutResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** rollout-service, called as the signed-in user. */
@ApplicationScoped
public class RolloutClient {
    static final String SERVICE = "rollout-service";
    private static final int MAX_PAGES = 20;

    private final ServiceChannels channels;
    private final ConsoleConfig config;

    RolloutClient(ServiceChannels channels, ConsoleConfig config) {
        this.channels = channels;
        this.config = config;
    }

    private RolloutServiceGrpc.RolloutServiceBlockingStub stub(UserCredentials user) {
        return RolloutServiceGrpc.newBlockingStub(channels.rollout()).withCallCredentials(user)
                .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One rollout. */
    public RolloutView get(UserCredentials user, String id) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).getRollout(GetRolloutRequest.newBuilder().setName(name(id)).build()).getRollout()));
    }

    /** One page of rollouts, newest first. */
    public Page<RolloutView> list(UserCredentials user, int pageSize, String pageToken) {
        return Calls.call(SERVICE, () -> {
            var response = stub(user).listRollouts(ListRolloutsRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken).build());
            return new Page<>(response.getRolloutsList().stream().map(ViewMapper::toView).toList(), response.getNextPageToken());
        });
    }

    /** Every rollout (up to a bound), newest first. */
    public List<RolloutView> listAll(UserCredentials user) {
        List<RolloutView> all = new ArrayList<>();
        String token = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            Page<RolloutView> next = list(user, 500, token);
            all.addAll(next.items());
            token = next.nextPageToken();
            if (token.isEmpty()) {
                break;
            }
        }
        return all;
    }

    /** The whole audit trail, oldest first. */
    public List<RolloutEventView> events(UserCredentials user, String id) {
        List<RolloutEventView> all = new ArrayList<>();
        String token = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            String pageToken = token;
            var response = Calls.call(SERVICE, () -> stub(user).listRolloutEvents(ListRolloutEventsRequest.newBuilder()
                    .setName(name(id)).setPageSize(1000).setPageToken(pageToken).build()));
            response.getEventsList().forEach(e -> all.add(ViewMapper.toView(e)));
            token = response.getNextPageToken();
            if (token.isEmpty()) {
                break;
            }
        }
        return all;
    }

    public RolloutView pause(UserCredentials user, String id, String reason) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).pauseRollout(
                PauseRolloutRequest.newBuilder().setName(name(id)).setReason(reason).build()).getRollout()));
    }

    public RolloutView resume(UserCredentials user, String id, String reason) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).resumeRollout(
                ResumeRolloutRequest.newBuilder().setName(name(id)).setReason(reason).build()).getRollout()));
    }

    public RolloutView advance(UserCredentials user, String id, int expectedStage, String reason) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).advanceRollout(
                AdvanceRolloutRequest.newBuilder().setName(name(id)).setExpectedStage(expectedStage).setReason(reason).build()).getRollout()));
    }

    public RolloutView abort(UserCredentials user, String id, String reason) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).abortRollout(
                AbortRolloutRequest.newBuilder().setName(name(id)).setReason(reason).build()).getRollout()));
    }

    public RolloutView start(UserCredentials user, String id) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).startRollout(
                StartRolloutRequest.newBuilder().setName(name(id)).build()).getRollout()));
    }

    /** Rolls the rollout back; returns the new draft rollout that takes its vehicles back to the previous release. */
    public RolloutView rollback(UserCredentials user, String id, String reason) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).rollbackRollout(
                RollbackRolloutRequest.newBuilder().setName(name(id)).setReason(reason).build()).getRollout()));
    }

    /** What a draft rollout would reach if it started now. */
    public ReachView dryRun(UserCredentials user, String id) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(stub(user).dryRunRollout(DryRunRolloutRequest.newBuilder().setName(name(id)).build())));
    }

    /**
     * Follows one rollout with WatchRollout: {@code onChange} gets the rollout first and after every change (with the
     * audit event that caused it, or null), {@code onEnd} gets null when the stream ends (the rollout is finished) or
     * the failure. The call has no deadline; cancel it through the returned handle.
     */
    public Watch watch(UserCredentials user, String id, BiConsumer<RolloutView, RolloutEventView> onChange, Consumer<ServiceCallException> onEnd) {
        Watch watch = new Watch();
        RolloutServiceGrpc.newStub(channels.rollout()).withCallCredentials(user).watchRollout(
                WatchRolloutRequest.newBuilder().setName(name(id)).build(), new ClientResponseObserver<WatchRolloutRequest, WatchRolloutResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchRolloutRequest> call) {
                        watch.call = call;
                    }

                    @Override
                    public void onNext(WatchRolloutResponse message) {
                        onChange.accept(ViewMapper.toView(message.getRollout()), message.hasEvent() ? ViewMapper.toView(message.getEvent()) : null);
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (!watch.cancelled) {
                            onEnd.accept(Calls.failure(SERVICE, error));
                        }
                    }

                    @Override
                    public void onCompleted() {
                        onEnd.accept(null);
                    }
                });
        return watch;
    }

    /** A WatchRollout call under way. */
    public static final class Watch {
        private volatile ClientCallStreamObserver<WatchRolloutRequest> call;
        private volatile boolean cancelled;

        /** Ends the call; its observer hears nothing more. */
        public void cancel() {
            cancelled = true;
            call.cancel("the console's stream ended", null);
        }
    }

    private static String name(String id) {
        return "rollouts/" + id;
    }
}
