package com.otaplatform.console.client;

import com.otaplatform.console.Page;
import com.otaplatform.console.RolloutEventView;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.config.ConsoleConfig;
import com.otaplatform.console.mapping.ViewMapper;
import com.otaplatform.rollout.v1.AbortRolloutRequest;
import com.otaplatform.rollout.v1.AdvanceRolloutRequest;
import com.otaplatform.rollout.v1.GetRolloutRequest;
import com.otaplatform.rollout.v1.ListRolloutEventsRequest;
import com.otaplatform.rollout.v1.ListRolloutsRequest;
import com.otaplatform.rollout.v1.PauseRolloutRequest;
import com.otaplatform.rollout.v1.ResumeRolloutRequest;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    private static String name(String id) {
        return "rollouts/" + id;
    }
}
