package com.otaplatform.rollout.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.GetReleaseResponse;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseArtifact;
import com.otaplatform.artifact.v1.ReleaseState;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.rollout.RolloutTarget;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which releases a rollout may hand out: only those whose targets are in the image repository. */
class ReleaseClientTest {
    private Server artifactService;
    private ManagedChannel channel;
    private ReleaseClient client;

    /** An artifact-service stand-in whose release {@code releases/<state>} is of one adas-main image in that state. */
    private static final class Releases extends ArtifactServiceGrpc.ArtifactServiceImplBase {
        @Override
        public void getRelease(GetReleaseRequest request, StreamObserver<GetReleaseResponse> response) {
            ReleaseState state = ReleaseState.valueOf(request.getName().substring("releases/".length()));
            ArtifactSpec spec = ArtifactSpec.newBuilder().addTargets(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3"))
                    .setVersion("6.0.0").setFileName("adas.img").setReleaseCounter(6).build();
            Artifact artifact = Artifact.newBuilder().setName("artifacts/a1").setSpec(spec)
                    .setDigests(Digests.newBuilder().setSha256("a".repeat(64)).setSha512("b".repeat(128)).setLength(1024)).build();
            response.onNext(GetReleaseResponse.newBuilder().setRelease(Release.newBuilder().setName(request.getName()).setDisplayName("adas-6.0.0")
                    .setState(state).addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())
                            .setDetails(artifact))).build());
            response.onCompleted();
        }
    }

    @BeforeEach
    void startArtifactService() throws Exception {
        artifactService = ServerBuilder.forPort(0).addService(new Releases()).build().start();
        channel = TestChannels.loopback(artifactService.getPort());
        client = new ReleaseClient();
        client.artifacts = ArtifactServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestChannels.close(channel);
        artifactService.shutdownNow();
    }

    @Test
    void shouldRefuseAReleaseWhoseTargetsAreNotInTheImageRepositoryYet() {
        assertThatThrownBy(() -> client.targetsOf("release", "releases/RELEASE_STATE_CREATED"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).startsWith("releases/RELEASE_STATE_CREATED is not signed yet")
                            .contains("otactl release sign releases/RELEASE_STATE_CREATED");
                });
    }

    @Test
    void shouldHandOutTheImagesOfSignedAndSupersededReleases() {
        for (ReleaseState state : new ReleaseState[]{ReleaseState.RELEASE_STATE_SIGNED, ReleaseState.RELEASE_STATE_SUPERSEDED}) {
            assertThat(client.targetsOf("release", "releases/" + state)).as(state.name()).singleElement()
                    .extracting(RolloutTarget::ecu, RolloutTarget::targetName).containsExactly("adas-main", "adas-6.0.0/adas-main/adas.img");
        }
    }
}
