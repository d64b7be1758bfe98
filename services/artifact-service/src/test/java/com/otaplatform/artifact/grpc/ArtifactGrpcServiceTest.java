package com.otaplatform.artifact.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ArtifactGrpcServiceTest {
    private static final int CHUNK = 1 << 20;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private ArtifactServiceGrpc.ArtifactServiceBlockingStub blocking(String user) {
        return ArtifactServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    private ArtifactServiceGrpc.ArtifactServiceStub async(String user) {
        return ArtifactServiceGrpc.newStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    static ArtifactSpec createDefaultSpec() {
        return ArtifactSpec.newBuilder()
                .setKind(ArtifactKind.ARTIFACT_KIND_FIRMWARE)
                .addTargets(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3"))
                .setVersion("2.4.1")
                .setFileName("adas-2.4.1.img")
                .setProvenance(BuildProvenance.newBuilder().setCiJob("ci/123").setCommit("abc123"))
                .build();
    }

    private Artifact push(byte[] bytes, String declaredSha256) throws Exception {
        Upload upload = blocking("rel-eng").createUpload(CreateUploadRequest.newBuilder().setSpec(createDefaultSpec())
                .setDeclaredLength(bytes.length).setDeclaredSha256(declaredSha256).build()).getUpload();
        CompletableFuture<WriteUploadResponse> done = new CompletableFuture<>();
        StreamObserver<WriteUploadRequest> stream = async("rel-eng").writeUpload(observer(done));
        stream.onNext(WriteUploadRequest.newBuilder().setStart(WriteUploadStart.newBuilder().setUpload(upload.getName())).build());
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            stream.onNext(WriteUploadRequest.newBuilder()
                    .setChunk(ByteString.copyFrom(bytes, offset, Math.min(CHUNK, bytes.length - offset))).build());
        }
        stream.onCompleted();
        try {
            return done.get(60, TimeUnit.SECONDS).getArtifact();
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static <T> StreamObserver<T> observer(CompletableFuture<T> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        // Fresh bytes every run, so that no blob of an earlier run hides the copy into the content address.
        new Random().nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void shouldStoreUploadUnderContentAddressAndServeRangesByPresignedUrl() throws Exception {
        byte[] bytes = randomBytes(12 * CHUNK + 12345);
        Artifact artifact = push(bytes, sha256(bytes));

        assertThat(artifact.getDigests().getSha256()).isEqualTo(sha256(bytes));
        assertThat(artifact.getDigests().getLength()).isEqualTo(bytes.length);
        assertThat(artifact.getSpec().getProvenance().getUploadedBy()).isEqualTo("rel-eng");

        GetDownloadUrlResponse url = blocking("viewer").getDownloadUrl(GetDownloadUrlRequest.newBuilder().setName(artifact.getName()).build());
        assertThat(url.getUrl()).contains("blobs/sha256/" + sha256(bytes));
        HttpResponse<byte[]> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.getUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(sha256(whole.body())).isEqualTo(sha256(bytes));
        HttpResponse<byte[]> range = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.getUrl()))
                .header("Range", "bytes=1000-1999").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 2000));
    }

    @Test
    void shouldCreateAReleaseOfOneArtifactPerEcu() throws Exception {
        byte[] bytes = randomBytes(2048);
        Artifact artifact = push(bytes, "");
        String displayName = "adas-" + System.nanoTime();
        Release release = blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())).build()).getRelease();

        Release read = blocking("viewer").getRelease(GetReleaseRequest.newBuilder().setName(release.getName()).build()).getRelease();
        assertThat(read.getState()).isEqualTo(ReleaseState.RELEASE_STATE_CREATED);
        assertThat(read.getArtifacts(0).getDetails().getDigests().getSha256()).isEqualTo(sha256(bytes));
        assertThat(blocking("viewer").listReleases(ListReleasesRequest.newBuilder().setPageSize(1000).build()).getReleasesList())
                .extracting(Release::getDisplayName).contains(displayName);

        assertThatThrownBy(() -> blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())).build()))
                .hasMessageStartingWith("ALREADY_EXISTS");
        assertThatThrownBy(() -> blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName + "-b")
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("brake-ctl").setArtifact(artifact.getName())).build()))
                .hasMessageStartingWith("INVALID_ARGUMENT: artifacts[0].ecu:");
    }

    @Test
    void shouldRefuseCallsWithoutTokenOrRole() {
        var request = GetArtifactRequest.newBuilder().setName("artifacts/" + java.util.UUID.randomUUID()).build();
        assertThatThrownBy(() -> ArtifactServiceGrpc.newBlockingStub(channel).getArtifact(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> ArtifactServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of("not.a.jwt")).getArtifact(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> blocking("viewer").createUpload(CreateUploadRequest.newBuilder().setSpec(createDefaultSpec()).setDeclaredLength(1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> blocking("no-roles").getArtifact(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> blocking("viewer").getArtifact(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
