package com.otaplatform.console.api;

import com.otaplatform.console.ArtifactView;
import com.otaplatform.console.Page;
import com.otaplatform.console.ReleaseSignaturesView;
import com.otaplatform.console.ReleaseView;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.client.ArtifactClient;
import com.otaplatform.console.client.RolloutClient;
import com.otaplatform.console.client.SigningClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Releases and artifacts: what each release holds, what the image repository signed for it, and which rollouts use it. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

    /** A release page: the release with its artifacts' details, and the rollouts of it. */
    public record ReleaseDetail(ReleaseView release, List<RolloutView> rollouts) {
    }

    @Inject
    SignedInUser user;
    @Inject
    ArtifactClient artifacts;
    @Inject
    RolloutClient rollouts;
    @Inject
    SigningClient signing;

    @GET
    @Path("releases")
    public Page<ReleaseView> releases(@QueryParam("pageToken") @DefaultValue("") String pageToken) {
        return artifacts.releases(user.credentials(), 100, pageToken);
    }

    @GET
    @Path("releases/" + RolloutResource.ID)
    public ReleaseDetail release(@PathParam("id") String id) {
        var credentials = user.credentials();
        ReleaseView release = artifacts.release(credentials, id);
        // ListRollouts has no release filter yet: filter here
        List<RolloutView> using = rollouts.listAll(credentials).stream().filter(r -> r.release().equals(release.name())).toList();
        return new ReleaseDetail(release, using);
    }

    /** What the image repository signed for the release; 409 while the release is not signed. */
    @GET
    @Path("releases/" + RolloutResource.ID + "/signatures")
    public ReleaseSignaturesView signatures(@PathParam("id") String id) {
        var credentials = user.credentials();
        ReleaseView release = artifacts.release(credentials, id);
        if (release.targetsVersion() == 0) {
            throw new WebApplicationException("release " + release.displayName() + " is not signed: its targets are not in the image repository yet", 409);
        }
        return signing.releaseSignatures(credentials, release);
    }

    @GET
    @Path("artifacts")
    public Page<ArtifactView> artifacts(@QueryParam("pageToken") @DefaultValue("") String pageToken) {
        return artifacts.artifacts(user.credentials(), 100, pageToken);
    }

    @GET
    @Path("artifacts/" + RolloutResource.ID)
    public ArtifactView artifact(@PathParam("id") String id) {
        return artifacts.artifact(user.credentials(), id);
    }
}
