package com.otaplatform.artifact.grpc;

import static com.otaplatform.artifact.grpc.UploadCalls.randomBytes;
import static com.otaplatform.artifact.grpc.UploadCalls.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DeleteArtifact: only artifacts no release uses; the blob goes with the last artifact that shares it. */
@QuarkusTest
class ArtifactDeletionTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    ArtifactStorage storage;

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

    private void delete(String user, String name) {
        calls.blocking(user).deleteArtifact(DeleteArtifactRequest.newBuilder().setName(name).build());
    }

    @Test
    void shouldKeepTheSharedBlobUntilTheLastArtifactWithTheSameBytesIsDeleted() throws Exception {
        byte[] bytes = randomBytes(300_001);
        Artifact first = calls.push(bytes, "");
        Artifact second = calls.push(bytes, "");
        assertThat(second.getName()).isNotEqualTo(first.getName());

        delete("rel-eng", first.getName());

        assertThatThrownBy(() -> calls.blocking("viewer").getArtifact(GetArtifactRequest.newBuilder().setName(first.getName()).build()))
                .hasMessageStartingWith("NOT_FOUND");
        assertThat(storage.blobExists(sha256(bytes))).as("the other artifact still needs the blob").isTrue();

        delete("rel-eng", second.getName());

        assertThat(storage.blobExists(sha256(bytes))).isFalse();
        assertThatThrownBy(() -> delete("rel-eng", second.getName())).hasMessageStartingWith("NOT_FOUND");
    }

    @Test
    void shouldRefuseToDeleteAnArtifactThatAReleaseUsesNamingTheRelease() throws Exception {
        byte[] bytes = randomBytes(4096);
        Artifact artifact = calls.push(bytes, "");
        String displayName = "keep-" + System.nanoTime();
        Release release = calls.blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())).build()).getRelease();

        assertThatThrownBy(() -> delete("rel-eng", artifact.getName()))
                .hasMessageStartingWith("FAILED_PRECONDITION").hasMessageContaining(displayName).hasMessageContaining(release.getName());
        assertThat(calls.blocking("viewer").getArtifact(GetArtifactRequest.newBuilder().setName(artifact.getName()).build()).getArtifact()
                .getDigests()).isEqualTo(artifact.getDigests());
        assertThat(storage.blobExists(sha256(bytes))).isTrue();
    }

    @Test
    void shouldRequireTheReleaseEngineerRoleAndAWellFormedName() {
        String name = "artifacts/" + UUID.randomUUID();
        assertThatThrownBy(() -> delete("viewer", name)).hasMessageStartingWith("PERMISSION_DENIED");
        assertThatThrownBy(() -> delete("rel-eng", "releases/" + UUID.randomUUID())).hasMessageStartingWith("INVALID_ARGUMENT: name:");
        assertThatThrownBy(() -> delete("rel-eng", name)).hasMessageStartingWith("NOT_FOUND");
    }
}
