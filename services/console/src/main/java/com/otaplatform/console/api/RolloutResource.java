package com.otaplatform.console.api;

import com.otaplatform.console.OutcomeSample;
import com.otaplatform.console.ReachView;
import com.otaplatform.console.RolloutEventView;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.client.RolloutClient;
import com.otaplatform.console.live.RolloutHistory;
import com.otaplatform.console.live.RolloutListUpdate;
import com.otaplatform.console.live.RolloutUpdate;
import com.otaplatform.console.live.RolloutWatcher;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Rollouts: the list, one rollout with its samples and audit trail, live streams of both, and the operator's actions. */
@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {
    static final String ID = "{id: [A-Za-z0-9-]{1,64}}";
    private static final int MAX_REASON = 1024;

    /** A rollout page's first load. */
    public record RolloutDetail(RolloutView rollout, List<OutcomeSample> samples, List<RolloutEventView> events) {
    }

    /** The body of an action; {@code expectedStage} only for advance. */
    public record ActionRequest(String reason, Integer expectedStage) {
    }

    @Inject
    SignedInUser user;
    @Inject
    RolloutClient rollouts;
    @Inject
    RolloutHistory history;
    @Inject
    RolloutWatcher watcher;

    @GET
    public List<RolloutView> list() {
        List<RolloutView> all = rollouts.listAll(user.credentials());
        all.forEach(history::record);
        return all;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RolloutListUpdate> streamList() {
        return watcher.watchAll(user.credentials());
    }

    @GET
    @Path(ID)
    public RolloutDetail get(@PathParam("id") String id) {
        var credentials = user.credentials();
        RolloutView rollout = rollouts.get(credentials, id);
        history.record(rollout);
        return new RolloutDetail(rollout, history.samples(id), rollouts.events(credentials, id));
    }

    @GET
    @Path(ID + "/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RolloutUpdate> stream(@PathParam("id") String id) {
        return watcher.watch(user.credentials(), id);
    }

    @POST
    @Path(ID + "/pause")
    public RolloutView pause(@PathParam("id") String id, ActionRequest request) {
        return recorded(rollouts.pause(user.credentials(), id, reason(request, null)));
    }

    @POST
    @Path(ID + "/resume")
    public RolloutView resume(@PathParam("id") String id, ActionRequest request) {
        return recorded(rollouts.resume(user.credentials(), id, reason(request, null)));
    }

    @POST
    @Path(ID + "/advance")
    public RolloutView advance(@PathParam("id") String id, ActionRequest request) {
        if (request == null || request.expectedStage() == null) {
            throw new BadRequestException("expectedStage: the stage the page shows as current is required");
        }
        return recorded(rollouts.advance(user.credentials(), id, request.expectedStage(), reason(request, "say why the gate is overridden")));
    }

    @POST
    @Path(ID + "/abort")
    public RolloutView abort(@PathParam("id") String id, ActionRequest request) {
        return recorded(rollouts.abort(user.credentials(), id, reason(request, null)));
    }

    @POST
    @Path(ID + "/start")
    public RolloutView start(@PathParam("id") String id) {
        return recorded(rollouts.start(user.credentials(), id));
    }

    /** Ends the rollout and answers the new draft rollout that takes its vehicles back to the previous release. */
    @POST
    @Path(ID + "/rollback")
    public RolloutView rollback(@PathParam("id") String id, ActionRequest request) {
        return recorded(rollouts.rollback(user.credentials(), id, reason(request, "say why the rollout is rolled back")));
    }

    /** What a draft rollout would reach if it started now (rollout-service refuses it for a rollout that is not a draft). */
    @GET
    @Path(ID + "/reach")
    public ReachView reach(@PathParam("id") String id) {
        return rollouts.dryRun(user.credentials(), id);
    }

    private RolloutView recorded(RolloutView rollout) {
        history.record(rollout);
        return rollout;
    }

    /** The request's reason, stripped; {@code whenMissing} (null: optional) is the refusal when there is none. */
    private static String reason(ActionRequest request, String whenMissing) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (whenMissing != null && reason.isEmpty()) {
            throw new BadRequestException("reason: " + whenMissing);
        }
        if (reason.length() > MAX_REASON) {
            throw new BadRequestException("reason: at most " + MAX_REASON + " characters");
        }
        return reason;
    }
}
