package com.otaplatform.rollout.client;

import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.ImageTargets;
import com.otaplatform.rollout.RolloutTarget;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads releases from artifact-service, as the images a rollout will hand out. */
@ApplicationScoped
public class ReleaseClient {

    @GrpcClient("artifact")
    ArtifactServiceGrpc.ArtifactServiceBlockingStub artifacts;

    /** The release's images, one per ECU; INVALID_ARGUMENT naming {@code field} when it does not exist. */
    public List<RolloutTarget> targetsOf(String field, String release) {
        Release found;
        try {
            found = artifacts.getRelease(GetReleaseRequest.newBuilder().setName(release).build()).getRelease();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw ApiException.invalidField(field, release + " does not exist");
            }
            throw ApiException.unavailable("artifact-service could not read " + release + ": " + e.getStatus(), e);
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
}
