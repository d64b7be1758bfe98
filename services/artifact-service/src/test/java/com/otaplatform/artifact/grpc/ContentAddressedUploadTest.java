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
import com.otaplatform.platform.S3Config;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upload that declares its SHA-256 stages its parts at the blob's own key, so that joining them stores the blob
 * with no copy; a blob stored already is never overwritten or deleted by another upload of the same hash.
 */
@QuarkusTest
class ContentAddressedUploadTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    ArtifactConfig config;
    @Inject
    ArtifactManagement management;
    @Inject
    ArtifactStorage storage;
    @Inject
    OtherReplica otherReplica;
    @Inject
    MinioClient s3;
    @Inject
    S3Config s3Config;

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

    @Test
    void shouldJoinTheDeclaredUploadsPartsAtItsContentAddressWithNoStagingObject() throws Exception {
        byte[] bytes = randomBytes(2 * config.partBytes() + MIB + 3);
        String hash = sha256(bytes);
        Upload upload = calls.create(bytes.length, hash);
        var open = stored(upload);
        assertThat(open.stagingKey()).isEqualTo(ArtifactStorage.blobKey(hash));

        WriteUploadResponse done = calls.write(upload.getName(), 0, bytes, 0, bytes.length);

        assertThat(done.getArtifact().getDigests().getSha256()).isEqualTo(hash);
        assertThat(readBlob(hash)).isEqualTo(bytes);
        assertThatThrownBy(() -> storage.read("uploads/" + open.id()).close()).as("nothing was staged under uploads/")
                .hasMessageContaining("uploads/" + open.id());
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).isEmpty();

        Upload undeclared = calls.create(bytes.length, "");
        assertThat(stored(undeclared).stagingKey()).as("without a declared SHA-256 the key is unknown until the end")
                .isEqualTo("uploads/" + stored(undeclared).id());
    }

    @Test
    void shouldKeepTheStoredBlobWhenTheSameBytesArePushedAgain() throws Exception {
        byte[] bytes = randomBytes(config.partBytes() + 77);
        String hash = sha256(bytes);
        Artifact first = calls.push(bytes, "");
        String etag = singleObjectEtag(hash);

        Upload again = calls.create(bytes.length, hash);
        Artifact second = calls.write(again.getName(), 0, bytes, 0, bytes.length).getArtifact();

        assertThat(second.getName()).isNotEqualTo(first.getName());
        assertThat(second.getDigests()).isEqualTo(first.getDigests());
        assertThat(etag(hash)).as("the blob was not written again").isEqualTo(etag);
        var stored = stored(again);
        assertThat(storage.storedParts(stored.stagingKey(), stored.multipartId())).as("the second upload's parts are dropped").isEmpty();
    }

    @Test
    void shouldKeepTheStoredBlobWhenAnUploadDeclaresItsHashForOtherBytes() throws Exception {
        byte[] bytes = randomBytes(config.partBytes() + 5);
        String hash = sha256(bytes);
        calls.push(bytes, hash);
        String etag = etag(hash);
        byte[] other = randomBytes(bytes.length);
        String otherHash = sha256(other);

        Upload forged = calls.create(other.length, hash);
        assertThatThrownBy(() -> calls.write(forged.getName(), 0, other, 0, other.length))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("declared_sha256:").contains(otherHash);
                });

        assertThat(calls.get(forged.getName()).getState()).isEqualTo(UploadState.UPLOAD_STATE_CANCELLED);
        assertThat(etag(hash)).isEqualTo(etag);
        assertThat(readBlob(hash)).isEqualTo(bytes);
    }

    /** A resume with no running digests hashes what the artifact will point at: here the blob that was there, whose bytes it keeps. */
    @Test
    void shouldReuseTheStoredBlobWhenAResumeWithoutRunningDigestsEndsAnUploadOfTheSameBytes() throws Exception {
        int part = config.partBytes();
        byte[] bytes = randomBytes(2 * part + MIB);
        String hash = sha256(bytes);
        calls.push(bytes, "");
        // Copied into place in ranges of ota.artifact.copy-part-bytes (8 MiB here): a join of this upload's 5 MiB parts
        // over it would give another multipart ETag, even for the same bytes.
        String etag = etag(hash);
        assertThat(etag).endsWith("-" + (bytes.length + config.copyPartBytes() - 1) / config.copyPartBytes());

        Upload again = calls.create(bytes.length, hash);
        calls.write(again.getName(), 0, bytes, 0, part);
        var open = stored(again);
        // The middle part stored by another replica: this one holds no running digests at the committed offset.
        otherReplica.storePart(open, 2, bytes, part, 2 * part);
        WriteUploadResponse done = calls.write(again.getName(), 2L * part, bytes, 2 * part, bytes.length);

        assertThat(done.getArtifact().getDigests().getSha256()).isEqualTo(hash);
        assertThat(done.getArtifact().getDigests().getSha512()).isEqualTo(sha512(bytes));
        assertThat(done.getArtifact().getDigests().getLength()).isEqualTo(bytes.length);
        assertThat(etag(hash)).isEqualTo(etag);
        assertThat(storage.storedParts(open.stagingKey(), open.multipartId())).isEmpty();
    }

    private com.otaplatform.artifact.Upload stored(Upload upload) {
        return management.getUpload(Fields.resourceId("name", upload.getName(), "uploads"));
    }

    private String etag(String sha256) throws Exception {
        return s3.statObject(StatObjectArgs.builder().bucket(s3Config.bucket()).object(ArtifactStorage.blobKey(sha256)).build()).etag();
    }

    /**
     * The ETag of a blob stored by copy (an upload that declared no SHA-256): a plain MD5, which any join of parts over it
     * would replace with a multipart ETag ("...-N"), even for the same bytes.
     */
    private String singleObjectEtag(String sha256) throws Exception {
        String etag = etag(sha256);
        assertThat(etag).as("a single-object ETag").doesNotContain("-");
        return etag;
    }

    private byte[] readBlob(String sha256) throws Exception {
        try (InputStream in = storage.read(ArtifactStorage.blobKey(sha256))) {
            return in.readAllBytes();
        }
    }
}
