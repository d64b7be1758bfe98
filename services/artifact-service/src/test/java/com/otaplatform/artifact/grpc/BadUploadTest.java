package com.otaplatform.artifact.grpc;

import static com.otaplatform.artifact.grpc.UploadCalls.MIB;
import static com.otaplatform.artifact.grpc.UploadCalls.createDefaultSpec;
import static com.otaplatform.artifact.grpc.UploadCalls.randomBytes;
import static com.otaplatform.artifact.grpc.UploadCalls.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.artifact.ArtifactManagement;
import com.otaplatform.artifact.config.ArtifactConfig;
import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.common.Fields;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** THREATS.md "bad uploads": a clear error, no half-written artifact visible, no parts left behind. */
@QuarkusTest
class BadUploadTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    ArtifactConfig config;
    @Inject
    ArtifactManagement management;
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

    private CreateUploadRequest request(ArtifactSpec spec) {
        return CreateUploadRequest.newBuilder().setSpec(spec).setDeclaredLength(1).build();
    }

    private void assertNoPartsLeft(Upload upload) {
        var stored = management.getUpload(Fields.resourceId("name", upload.getName(), "uploads"));
        assertThat(stored.multipartId()).isNotBlank();
        assertThat(storage.storedParts(stored.stagingKey(), stored.multipartId())).isEmpty();
    }

    @Test
    void shouldRefusePathTraversalInEveryNameOfTheSpec() {
        var stub = calls.blocking("rel-eng");
        assertThatThrownBy(() -> stub.createUpload(request(createDefaultSpec().toBuilder().setFileName("../../etc/passwd").build())))
                .hasMessageStartingWith("INVALID_ARGUMENT: spec.file_name:");
        assertThatThrownBy(() -> stub.createUpload(request(createDefaultSpec().toBuilder()
                .setTargets(0, EcuSelector.newBuilder().setEcu("../adas").setHardwareId("adas-v3")).build())))
                .hasMessageStartingWith("INVALID_ARGUMENT: spec.targets[0].ecu:");
        assertThatThrownBy(() -> stub.createUpload(request(createDefaultSpec().toBuilder()
                .setTargets(0, EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas/../../v3")).build())))
                .hasMessageStartingWith("INVALID_ARGUMENT: spec.targets[0].hardware_id:");
        assertThatThrownBy(() -> stub.createUpload(request(createDefaultSpec().toBuilder().putLabels("../team", "x").build())))
                .hasMessageStartingWith("INVALID_ARGUMENT: spec.labels:");
        assertThatThrownBy(() -> stub.createUpload(request(createDefaultSpec().toBuilder().putLabels("team", "a\0b").build())))
                .hasMessageStartingWith("INVALID_ARGUMENT: spec.labels[team]:");
        assertThatThrownBy(() -> stub.createUpload(request(createDefaultSpec().toBuilder().setKindValue(42).build())))
                .hasMessageStartingWith("INVALID_ARGUMENT: spec.kind:");
    }

    @Test
    void shouldRefuseADeclaredLengthOverTheLimit() {
        var stub = calls.blocking("rel-eng");
        assertThatThrownBy(() -> stub.createUpload(CreateUploadRequest.newBuilder().setSpec(createDefaultSpec())
                .setDeclaredLength(config.maxArtifactBytes() + 1).build()))
                .hasMessageStartingWith("INVALID_ARGUMENT: declared_length:").hasMessageContaining(String.valueOf(config.maxArtifactBytes()));
        assertThatThrownBy(() -> stub.createUpload(CreateUploadRequest.newBuilder().setSpec(createDefaultSpec()).setDeclaredLength(0).build()))
                .hasMessageStartingWith("INVALID_ARGUMENT: declared_length:");
    }

    @Test
    void shouldRefuseBytesThatDoNotMatchTheDeclaredHashAndKeepNothing() throws Exception {
        byte[] bytes = randomBytes(7 * MIB);
        String hash = sha256(bytes);
        Upload upload = calls.create(bytes.length, "0".repeat(64));
        assertThatThrownBy(() -> calls.write(upload.getName(), 0, bytes, 0, bytes.length))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("declared_sha256:").contains(hash);
                });
        Upload after = calls.get(upload.getName());
        assertThat(after.getState()).isEqualTo(UploadState.UPLOAD_STATE_CANCELLED);
        assertThat(after.getArtifact()).isEmpty();
        assertThat(storage.blobExists(sha256(bytes))).isFalse();
        assertNoPartsLeft(upload);
    }

    @Test
    void shouldRefuseBytesThatDoNotMatchTheDeclaredSha512() throws Exception {
        byte[] bytes = randomBytes(3 * MIB + 1);
        Upload upload = calls.blocking("rel-eng").createUpload(CreateUploadRequest.newBuilder().setSpec(createDefaultSpec())
                .setDeclaredLength(bytes.length).setDeclaredSha512("1".repeat(128)).build()).getUpload();
        assertThatThrownBy(() -> calls.write(upload.getName(), 0, bytes, 0, bytes.length))
                .hasMessageStartingWith("INVALID_ARGUMENT: declared_sha512:");
        assertThat(storage.blobExists(sha256(bytes))).isFalse();
        assertNoPartsLeft(upload);
    }

    @Test
    void shouldRefuseBytesPastTheDeclaredLengthAndCancelTheUpload() throws Exception {
        byte[] bytes = randomBytes(6 * MIB);
        Upload upload = calls.create(6 * MIB - 100, "");
        assertThatThrownBy(() -> calls.write(upload.getName(), 0, bytes, 0, bytes.length))
                .hasMessageStartingWith("INVALID_ARGUMENT: chunk:");
        Upload after = calls.awaitUpload(upload.getName(), u -> u.getState() != UploadState.UPLOAD_STATE_OPEN);
        assertThat(after.getState()).isEqualTo(UploadState.UPLOAD_STATE_CANCELLED);
        assertNoPartsLeft(upload);
    }

    @Test
    void shouldLeaveNoArtifactWhenTheBytesEndBeforeTheDeclaredLength() throws Exception {
        byte[] bytes = randomBytes(7 * MIB);
        String hash = sha256(bytes);
        Upload upload = calls.create(bytes.length + 1, "");
        WriteUploadResponse response = calls.write(upload.getName(), 0, bytes, 0, bytes.length);

        assertThat(response.hasArtifact()).isFalse();
        assertThat(response.getUpload().getState()).isEqualTo(UploadState.UPLOAD_STATE_OPEN);
        // Only whole parts are kept: 5 MiB of the 7 sent.
        assertThat(response.getUpload().getCommittedOffset()).isEqualTo(config.partBytes());
        assertThat(storage.blobExists(sha256(bytes))).isFalse();
        assertThat(calls.blocking("viewer").listArtifacts(ListArtifactsRequest.newBuilder().setPageSize(1000).build()).getArtifactsList())
                .noneMatch(a -> a.getDigests().getSha256().equals(hash));
    }

    @Test
    void shouldRefuseAWriteToAnUnknownOrFinishedUpload() throws Exception {
        byte[] bytes = randomBytes(1000);
        assertThatThrownBy(() -> calls.write("uploads/" + UUID.randomUUID(), 0, bytes, 0, bytes.length))
                .hasMessageStartingWith("NOT_FOUND");
        Upload upload = calls.create(bytes.length, "");
        calls.write(upload.getName(), 0, bytes, 0, bytes.length);
        assertThatThrownBy(() -> calls.write(upload.getName(), 0, bytes, 0, bytes.length))
                .hasMessageStartingWith("FAILED_PRECONDITION").hasMessageContaining("committed");
    }
}
