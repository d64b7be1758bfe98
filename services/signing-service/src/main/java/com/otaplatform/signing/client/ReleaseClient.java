package com.otaplatform.signing.client;

import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.MarkReleaseSignedRequest;
import com.otaplatform.artifact.v1.ReleaseState;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.signing.Release;
import com.otaplatform.signing.ReleaseImage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Reads releases from artifact-service (with this service's own token) as the images SignRelease lists. */
@ApplicationScoped
public class ReleaseClient {
    private static final long DEADLINE_SECONDS = 20;

    @GrpcClient("artifact")
    ArtifactServiceGrpc.ArtifactServiceBlockingStub artifacts;

    /** The release with its images; INVALID_ARGUMENT naming {@code field} when it does not exist. */
    public Release get(String field, String name) {
        com.otaplatform.artifact.v1.Release found;
        try {
            found = artifacts.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getRelease(GetReleaseRequest.newBuilder().setName(name).build()).getRelease();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw ApiException.invalidField(field, name + " does not exist");
            }
            throw ApiException.unavailable("artifact-service could not read " + name + ": " + e.getStatus(), e);
        }
        return new Release(found.getName(), found.getDisplayName(), found.getState() == ReleaseState.RELEASE_STATE_SIGNED,
                found.getArtifactsList().stream().map(item -> {
                    var details = item.getDetails();
                    var hardwareIds = details.getSpec().getTargetsList().stream().filter(t -> t.getEcu().equals(item.getEcu()))
                            .map(EcuSelector::getHardwareId).distinct().toList();
                    return new ReleaseImage(item.getEcu(), item.getArtifact(), details.getSpec().getFileName(), hardwareIds,
                            details.getSpec().getReleaseCounter(), details.getDigests().getLength(), details.getDigests().getSha256(),
                            details.getDigests().getSha512());
                }).toList());
    }

    /** Tells artifact-service the release is signed (CREATED -> SIGNED); repeating it for a signed release is harmless. */
    public void markSigned(String name, long targetsVersion) {
        try {
            artifacts.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).markReleaseSigned(MarkReleaseSignedRequest.newBuilder()
                    .setName(name).setTargetsVersion(targetsVersion).build());
        } catch (StatusRuntimeException e) {
            throw ApiException.unavailable("the targets of " + name + " are in the image repository (targets v" + targetsVersion
                    + ") but artifact-service could not mark it signed: " + e.getStatus() + "; sign it again to retry", e);
        }
    }
}
