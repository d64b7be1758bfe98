package com.otaplatform.rollout.client;

import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseState;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.ImageTargets;
import com.otaplatform.rollout.RolloutTarget;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Reads releases from artifact-service, as the images a rollout will hand out. */
@ApplicationScoped
public class ReleaseClient {

    @GrpcClient("artifact")
    ArtifactServiceGrpc.ArtifactServiceBlockingStub artifacts;

    /**
     * The release's images, one per ECU; INVALID_ARGUMENT naming {@code field} when it does not exist, FAILED_PRECONDITION
     * while its targets are not in the image repository (vehicles would refuse every image of it).
     */
    public List<RolloutTarget> targetsOf(String field, String release) {
        Release found = read(field, release);
        if (found.getState() != ReleaseState.RELEASE_STATE_SIGNED && found.getState() != ReleaseState.RELEASE_STATE_SUPERSEDED) {
            throw ApiException.failedPrecondition(release + " is not signed yet: its images are not in the image repository, so vehicles"
                    + " would refuse them (with offline targets keys it awaits their signatures: otactl signing staged); sign it first:"
                    + " otactl release sign " + release);
        }
        return found.getArtifactsList().stream().map(item -> {
            var details = item.getDetails();
            String hardwareId = details.getSpec().getTargetsList().stream().filter(t -> t.getEcu().equals(item.getEcu()))
                    .findFirst().orElseThrow().getHardwareId();
            return new RolloutTarget(item.getEcu(), hardwareId, item.getArtifact(), details.getDigests().getSha256(),
                    details.getDigests().getSha512(), details.getDigests().getLength(), details.getSpec().getVersion(),
                    ImageTargets.name(found.getDisplayName(), item.getEcu(), details.getSpec().getFileName()),
                    details.getSpec().getReleaseCounter());
        }).toList();
    }

    /** The release {@code release} superseded, empty when it superseded none. */
    public Optional<String> supersededRelease(String field, String release) {
        String supersedes = read(field, release).getSupersedes();
        return supersedes.isEmpty() ? Optional.empty() : Optional.of(supersedes);
    }

    private Release read(String field, String release) {
        try {
            return artifacts.getRelease(GetReleaseRequest.newBuilder().setName(release).build()).getRelease();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw ApiException.invalidField(field, release + " does not exist");
            }
            throw ApiException.unavailable("artifact-service could not read " + release + ": " + e.getStatus(), e);
        }
    }
}
