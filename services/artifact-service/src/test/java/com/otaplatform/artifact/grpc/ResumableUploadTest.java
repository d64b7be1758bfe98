package com.otaplatform.artifact.grpc;

import static com.otaplatform.artifact.grpc.UploadCalls.MIB;
import static com.otaplatform.artifact.grpc.UploadCalls.randomBytes;
import static com.otaplatform.artifact.grpc.UploadCalls.sha256;
import static com.otaplatform.artifact.grpc.UploadCalls.sha512;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.artifact.ArtifactManagement;
import com.otaplatform.artifact.config.ArtifactConfig;
import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.common.Fields;
import com.otaplatform.testkit.TestChannels;
import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Uploads resume at the last stored part after a cut, and leave no parts behind when cancelled or expired. */
@QuarkusTest
class ResumableUploadTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    ArtifactConfig config;
    @Inject
    ArtifactManagement management;
    @Inject
    ArtifactStorage storage;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OtherReplica otherReplica;
    @Inject
    MeterRegistry meters;

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

    private com.otaplatform.artifact.Upload stored(Upload upload) {
        return management.getUpload(Fields.resourceId("name", upload.getName(), "uploads"));
    }

    @Test
    void shouldResumeACutUploadAtTheLastStoredPart() throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(2 * part + 3 * MIB + 17);
        Upload upload = calls.create(bytes.length, sha256(bytes));

        calls.writeAndCut(upload.getName(), 0, bytes, 0, part + 2 * MIB, part);
        Upload cut = calls.awaitUpload(upload.getName(), u -> u.getCommittedOffset() == part);
        assertThat(cut.getState()).isEqualTo(UploadState.UPLOAD_STATE_OPEN);
        assertThat(cut.getCommittedOffset()).as("the bytes after the last whole part are dropped").isEqualTo(part);
        assertThat(management.parts(stored(upload).id())).hasSize(1);

        assertThatThrownBy(() -> calls.write(upload.getName(), 0, bytes, 0, bytes.length))
                .hasMessageStartingWith("INVALID_ARGUMENT: start.offset:").hasMessageContaining("committed offset " + part);

        WriteUploadResponse done = calls.write(upload.getName(), part, bytes, part, bytes.length);

        assertThat(done.getUpload().getState()).isEqualTo(UploadState.UPLOAD_STATE_COMMITTED);
        assertThat(done.getArtifact().getDigests().getSha256()).isEqualTo(sha256(bytes));
        assertThat(done.getArtifact().getDigests().getSha512()).isEqualTo(sha512(bytes));
        assertThat(done.getArtifact().getDigests().getLength()).isEqualTo(bytes.length);
        String url = calls.blocking("viewer").getDownloadUrl(GetDownloadUrlRequest.newBuilder().setName(done.getArtifact().getName()).build()).getUrl();
        HttpResponse<byte[]> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(sha256(whole.body())).isEqualTo(sha256(bytes));
        var committed = stored(upload);
        assertThat(storage.storedParts(committed.stagingKey(), committed.multipartId())).isEmpty();
    }

    @Test
    void shouldResumeStreamAfterStreamEachEndingAtAPartBoundary() throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(3 * part);
        Upload upload = calls.create(bytes.length, "");
        long offset = 0;
        for (int i = 0; i < 2; i++) {
            WriteUploadResponse paused = calls.write(upload.getName(), offset, bytes, (int) offset, (int) offset + part);
            assertThat(paused.hasArtifact()).isFalse();
            assertThat(paused.getUpload().getCommittedOffset()).isEqualTo(offset + part);
            offset += part;
        }
        WriteUploadResponse done = calls.write(upload.getName(), offset, bytes, (int) offset, bytes.length);
        assertThat(done.getArtifact().getDigests().getSha256()).isEqualTo(sha256(bytes));
    }

    /**
     * Another replica stored the middle part, so this instance holds no resume point at the committed offset: it joins
     * the parts, reads them back to hash them, and checks the declared hash against that.
     */
    @ParameterizedTest(name = "declared SHA-256 right: {0}")
    @ValueSource(booleans = {true, false})
    void shouldHashTheJoinedPartsReadBackWhenAnotherReplicaStoredSomeOfThem(boolean declaredRight) throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(2 * part + MIB + 5);
        String hash = sha256(bytes);
        Upload upload = calls.create(bytes.length, declaredRight ? hash : "0".repeat(64));
        calls.write(upload.getName(), 0, bytes, 0, part);
        var open = stored(upload);
        otherReplica.storePart(open, 2, bytes, part, 2 * part);

        if (declaredRight) {
            WriteUploadResponse done = calls.write(upload.getName(), 2L * part, bytes, 2 * part, bytes.length);
            assertThat(done.getArtifact().getDigests().getSha256()).isEqualTo(hash);
            assertThat(done.getArtifact().getDigests().getSha512()).isEqualTo(sha512(bytes));
            assertThat(done.getArtifact().getDigests().getLength()).isEqualTo(bytes.length);
            assertThat(storage.blobExists(hash)).isTrue();
        } else {
            assertThatThrownBy(() -> calls.write(upload.getName(), 2L * part, bytes, 2 * part, bytes.length))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("declared_sha256:").contains(hash);
                    });
            Upload after = calls.get(upload.getName());
            assertThat(after.getState()).isEqualTo(UploadState.UPLOAD_STATE_CANCELLED);
            assertThat(after.getArtifact()).isEmpty();
            assertThat(storage.blobExists(hash)).isFalse();
            assertThatThrownBy(() -> storage.read(open.stagingKey()).close()).as("the joined object is deleted")
                    .hasMessageContaining(open.stagingKey());
        }
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).isEmpty();
    }

    @Test
    void shouldDeleteThePartsOfACutUploadWhenCancelled() throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(2 * part + MIB);
        Upload upload = calls.create(bytes.length, "");
        calls.writeAndCut(upload.getName(), 0, bytes, 0, part + MIB, part);
        calls.awaitUpload(upload.getName(), u -> u.getCommittedOffset() == part);
        var open = stored(upload);
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).hasSize(1);

        Upload cancelled = calls.blocking("rel-eng").cancelUpload(CancelUploadRequest.newBuilder().setName(upload.getName()).build()).getUpload();

        assertThat(cancelled.getState()).isEqualTo(UploadState.UPLOAD_STATE_CANCELLED);
        assertThat(cancelled.getArtifact()).isEmpty();
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).isEmpty();
        assertThatThrownBy(() -> calls.write(upload.getName(), part, bytes, part, bytes.length))
                .hasMessageStartingWith("FAILED_PRECONDITION").hasMessageContaining("cancelled");
    }

    @Test
    void shouldCancelExpiredUploadsAndDeleteTheirParts() throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(part + MIB);
        Upload upload = calls.create(2L * part, "");
        calls.write(upload.getName(), 0, bytes, 0, bytes.length);
        var open = stored(upload);
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).hasSize(1);

        expireNow(open.id());
        Upload expired = calls.awaitUpload(upload.getName(), u -> u.getState() != UploadState.UPLOAD_STATE_OPEN);

        assertThat(expired.getState()).isEqualTo(UploadState.UPLOAD_STATE_CANCELLED);
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).isEmpty();
    }

    @Test
    void shouldForgetTheRunningDigestsOfAnUploadThatAnotherReplicaFinished() throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(part);
        Upload upload = calls.create(2L * part, "");
        calls.write(upload.getName(), 0, bytes, 0, part);
        double held = resumePointsHeld();
        assertThat(held).as("this instance holds the running digests after the part it stored").isPositive();

        // Another replica cancelled it: this instance was not told.
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update upload set state = 'CANCELLED' where id = ?")) {
            update.setObject(1, stored(upload).id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        management.expireUploads(Instant.now());

        assertThat(resumePointsHeld()).isEqualTo(held - 1);
    }

    private double resumePointsHeld() {
        return meters.get("ota.artifact.resume.points").gauge().value();
    }

    private void expireNow(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update upload set expires_at = now() - interval '1 minute' where id = ?")) {
            update.setObject(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
