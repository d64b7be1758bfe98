package com.otaplatform.artifact.grpc;

import static com.otaplatform.artifact.grpc.UploadCalls.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.artifact.v1.*;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MarkReleaseSigned: CREATED to SIGNED for the signing service, idempotent, nothing else. */
@QuarkusTest
class MarkReleaseSignedTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    AgroalDataSource dataSource;

    private ManagedChannel channel;
    private UploadCalls calls;

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
        calls = new UploadCalls(channel);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private ArtifactServiceGrpc.ArtifactServiceBlockingStub signingService() {
        return ArtifactServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")));
    }

    private Release createRelease() throws Exception {
        Artifact artifact = calls.push(randomBytes(2048), "");
        return calls.blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName("signed-" + System.nanoTime())
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())).build()).getRelease();
    }

    private static MarkReleaseSignedRequest mark(String name, long targetsVersion) {
        return MarkReleaseSignedRequest.newBuilder().setName(name).setTargetsVersion(targetsVersion).build();
    }

    @Test
    void shouldMarkACreatedReleaseSignedOnceAndKeepItSo() throws Exception {
        Release release = createRelease();
        assertThat(release.getTargetsVersion()).isZero();

        Release signed = signingService().markReleaseSigned(mark(release.getName(), 7)).getRelease();
        Release again = signingService().markReleaseSigned(mark(release.getName(), 7)).getRelease();

        assertThat(signed.getState()).isEqualTo(ReleaseState.RELEASE_STATE_SIGNED);
        assertThat(signed.getTargetsVersion()).isEqualTo(7);
        assertThat(again).isEqualTo(signed);
        assertThat(calls.blocking("viewer").getRelease(GetReleaseRequest.newBuilder().setName(release.getName()).build()).getRelease())
                .isEqualTo(signed);
    }

    @Test
    void shouldRefuseAReleaseInAnotherState() throws Exception {
        Release release = createRelease();
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update release set state = 'SUPERSEDED' where id = ?")) {
            update.setObject(1, UUID.fromString(release.getName().substring("releases/".length())));
            update.executeUpdate();
        }
        assertThatThrownBy(() -> signingService().markReleaseSigned(mark(release.getName(), 3)))
                .hasMessageStartingWith("FAILED_PRECONDITION").hasMessageContaining("superseded");
    }

    @Test
    void shouldAllowOnlyTheServiceRoleAndCheckTheFields() throws Exception {
        Release release = createRelease();
        assertThatThrownBy(() -> calls.blocking("rel-eng").markReleaseSigned(mark(release.getName(), 1)))
                .hasMessageStartingWith("PERMISSION_DENIED");
        assertThatThrownBy(() -> signingService().markReleaseSigned(mark(release.getName(), 0)))
                .hasMessageStartingWith("INVALID_ARGUMENT: targets_version:");
        assertThatThrownBy(() -> signingService().markReleaseSigned(mark("releases/" + UUID.randomUUID(), 1)))
                .hasMessageStartingWith("NOT_FOUND");
        assertThat(calls.blocking("viewer").getRelease(GetReleaseRequest.newBuilder().setName(release.getName()).build())
                .getRelease().getState()).isEqualTo(ReleaseState.RELEASE_STATE_CREATED);
    }
}
