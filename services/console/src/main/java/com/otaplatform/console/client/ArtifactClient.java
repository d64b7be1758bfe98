package com.otaplatform.console.client;

import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.ListArtifactsRequest;
import com.otaplatform.artifact.v1.ListReleasesRequest;
import com.otaplatform.console.ArtifactView;
import com.otaplatform.console.Page;
import com.otaplatform.console.ReleaseView;
import com.otaplatform.console.config.ConsoleConfig;
import com.otaplatform.console.mapping.ViewMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** artifact-service (artifacts and releases), called as the signed-in user. */
@ApplicationScoped
public class ArtifactClient {
    static final String SERVICE = "artifact-service";

    private final ServiceChannels channels;
    private final ConsoleConfig config;

    ArtifactClient(ServiceChannels channels, ConsoleConfig config) {
        this.channels = channels;
        this.config = config;
    }

    private ArtifactServiceGrpc.ArtifactServiceBlockingStub stub(UserCredentials user) {
        return ArtifactServiceGrpc.newBlockingStub(channels.artifact()).withCallCredentials(user)
                .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    public Page<ReleaseView> releases(UserCredentials user, int pageSize, String pageToken) {
        return Calls.call(SERVICE, () -> {
            var response = stub(user).listReleases(ListReleasesRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken).build());
            return new Page<>(response.getReleasesList().stream().map(ViewMapper::toView).toList(), response.getNextPageToken());
        });
    }

    public ReleaseView release(UserCredentials user, String id) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(
                stub(user).getRelease(GetReleaseRequest.newBuilder().setName("releases/" + id).build()).getRelease()));
    }

    public Page<ArtifactView> artifacts(UserCredentials user, int pageSize, String pageToken) {
        return Calls.call(SERVICE, () -> {
            var response = stub(user).listArtifacts(ListArtifactsRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken).build());
            return new Page<>(response.getArtifactsList().stream().map(ViewMapper::toView).toList(), response.getNextPageToken());
        });
    }

    public ArtifactView artifact(UserCredentials user, String id) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(
                stub(user).getArtifact(GetArtifactRequest.newBuilder().setName("artifacts/" + id).build()).getArtifact()));
    }
}
