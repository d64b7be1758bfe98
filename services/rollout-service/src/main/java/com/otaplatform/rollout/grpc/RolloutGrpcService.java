package com.otaplatform.rollout.grpc;

import com.otaplatform.common.Fields;
import com.otaplatform.common.PageToken;
import com.otaplatform.common.Roles;
import com.otaplatform.common.Selector;
import com.otaplatform.rollout.LiveRollouts;
import com.otaplatform.rollout.RolloutManagement;
import com.otaplatform.rollout.RolloutWatch;
import com.otaplatform.rollout.mapping.RolloutMapper;
import com.otaplatform.rollout.v1.*;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Consumer;

/** RolloutService over gRPC: checks roles, maps messages, delegates. */
@GrpcService
@Blocking
public class RolloutGrpcService extends RolloutServiceGrpc.RolloutServiceImplBase {
    private static final int MAX_PAGE = 1000;

    @Inject
    RolloutManagement rollouts;
    @Inject
    LiveRollouts live;
    @Inject
    RolloutWatch watches;
    @Inject
    SecurityIdentity identity;

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void createRollout(CreateRolloutRequest request, StreamObserver<CreateRolloutResponse> response) {
        String displayName = Fields.required("display_name", request.getDisplayName(), 128);
        String release = Fields.resourceName("releases", Fields.resourceId("release", request.getRelease(), "releases"));
        Selector selector = Selector.parse("selector", request.getSelector());
        var stages = RolloutMapper.toStages(request);
        var policy = RolloutMapper.toInstallPolicy(request.getInstallPolicy());
        var rollout = rollouts.create(displayName, release, selector.source(), stages, policy, request.getPriority(), actor());
        reply(response, CreateRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void getRollout(GetRolloutRequest request, StreamObserver<GetRolloutResponse> response) {
        var rollout = rollouts.get(id(request.getName()));
        reply(response, GetRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listRollouts(ListRolloutsRequest request, StreamObserver<ListRolloutsResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, MAX_PAGE);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = rollouts.list(offset, size);
        var reply = ListRolloutsResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(rollout -> reply.addRollouts(RolloutMapper.toProto(rollout)));
        reply(response, reply.build());
    }

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void startRollout(StartRolloutRequest request, StreamObserver<StartRolloutResponse> response) {
        var rollout = rollouts.start(id(request.getName()), actor());
        reply(response, StartRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void pauseRollout(PauseRolloutRequest request, StreamObserver<PauseRolloutResponse> response) {
        var rollout = rollouts.pause(id(request.getName()), actor(), Fields.optional("reason", request.getReason(), 1024));
        reply(response, PauseRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void resumeRollout(ResumeRolloutRequest request, StreamObserver<ResumeRolloutResponse> response) {
        var rollout = rollouts.resume(id(request.getName()), actor(), Fields.optional("reason", request.getReason(), 1024));
        reply(response, ResumeRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void advanceRollout(AdvanceRolloutRequest request, StreamObserver<AdvanceRolloutResponse> response) {
        var rollout = rollouts.advance(id(request.getName()), request.getExpectedStage(), actor(),
                Fields.required("reason", request.getReason(), 1024));
        reply(response, AdvanceRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void abortRollout(AbortRolloutRequest request, StreamObserver<AbortRolloutResponse> response) {
        var rollout = rollouts.abort(id(request.getName()), actor(), Fields.optional("reason", request.getReason(), 1024));
        reply(response, AbortRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed(Roles.OPERATOR)
    public void rollbackRollout(RollbackRolloutRequest request, StreamObserver<RollbackRolloutResponse> response) {
        UUID id = id(request.getName());
        String release = request.getRelease().isEmpty() ? ""
                : Fields.resourceName("releases", Fields.resourceId("release", request.getRelease(), "releases"));
        var rollout = rollouts.rollback(id, release, actor(), Fields.required("reason", request.getReason(), 1024));
        reply(response, RollbackRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(rollout)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void dryRunRollout(DryRunRolloutRequest request, StreamObserver<DryRunRolloutResponse> response) {
        reply(response, RolloutMapper.toProto(rollouts.dryRun(id(request.getName()))));
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listRolloutEvents(ListRolloutEventsRequest request, StreamObserver<ListRolloutEventsResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, MAX_PAGE);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = rollouts.events(id(request.getName()), offset, size);
        var reply = ListRolloutEventsResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(event -> reply.addEvents(RolloutMapper.toProto(event)));
        reply(response, reply.build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void watchRollout(WatchRolloutRequest request, StreamObserver<WatchRolloutResponse> response) {
        ServerCallStreamObserver<WatchRolloutResponse> stream = (ServerCallStreamObserver<WatchRolloutResponse>) response;
        RolloutWatch.Watch watch = watches.watch(id(request.getName()), change -> {
            var message = WatchRolloutResponse.newBuilder().setRollout(RolloutMapper.toProto(change.rollout()));
            if (change.event() != null) {
                message.setEvent(RolloutMapper.toProto(change.event()));
            }
            send(stream, message.build());
        }, () -> {
            synchronized (stream) {
                if (!stream.isCancelled()) {
                    stream.onCompleted();
                }
            }
        });
        stream.setOnCancelHandler(watch::stop);
    }

    @Override
    @RolesAllowed(Roles.SERVICE)
    public void watchLiveRollouts(WatchLiveRolloutsRequest request, StreamObserver<WatchLiveRolloutsResponse> response) {
        ServerCallStreamObserver<WatchLiveRolloutsResponse> stream = (ServerCallStreamObserver<WatchLiveRolloutsResponse>) response;
        Consumer<LiveRollouts.Snapshot> subscriber = snapshot -> {
            var message = WatchLiveRolloutsResponse.newBuilder().setVersion(snapshot.version());
            snapshot.rollouts().forEach(rollout -> message.addRollouts(RolloutMapper.toProto(rollout)));
            send(stream, message.build());
        };
        stream.setOnCancelHandler(() -> live.unsubscribe(subscriber));
        live.subscribe(subscriber);
    }

    // streams are written from other threads (watchers, live-set pushes); one message at a time, never after a cancel
    private static <T> void send(ServerCallStreamObserver<T> stream, T message) {
        synchronized (stream) {
            if (!stream.isCancelled()) {
                stream.onNext(message);
            }
        }
    }

    private static UUID id(String name) {
        return Fields.resourceId("name", name, "rollouts");
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
