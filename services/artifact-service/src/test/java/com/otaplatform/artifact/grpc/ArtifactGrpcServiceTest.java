package com.otaplatform.artifact.grpc;

import static com.otaplatform.artifact.grpc.UploadCalls.MIB;
import static com.otaplatform.artifact.grpc.UploadCalls.randomBytes;
import static com.otaplatform.artifact.grpc.UploadCalls.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.artifact.v1.*;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ArtifactGrpcServiceTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

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
    void shouldStoreUploadUnderContentAddressAndServeRangesByPresignedUrl() throws Exception {
        byte[] bytes = randomBytes(12 * MIB + 12345);
        Artifact artifact = calls.push(bytes, sha256(bytes));

        assertThat(artifact.getDigests().getSha256()).isEqualTo(sha256(bytes));
        assertThat(artifact.getDigests().getLength()).isEqualTo(bytes.length);
        assertThat(artifact.getSpec().getProvenance().getUploadedBy()).isEqualTo("rel-eng");

        GetDownloadUrlResponse url = calls.blocking("viewer").getDownloadUrl(GetDownloadUrlRequest.newBuilder().setName(artifact.getName()).build());
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
        Artifact artifact = calls.push(bytes, "");
        String displayName = "adas-" + System.nanoTime();
        Release release = calls.blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())).build()).getRelease();

        Release read = calls.blocking("viewer").getRelease(GetReleaseRequest.newBuilder().setName(release.getName()).build()).getRelease();
        assertThat(read.getState()).isEqualTo(ReleaseState.RELEASE_STATE_CREATED);
        assertThat(read.getArtifacts(0).getDetails().getDigests().getSha256()).isEqualTo(sha256(bytes));
        assertThat(calls.blocking("viewer").listReleases(ListReleasesRequest.newBuilder().setPageSize(1000).build()).getReleasesList())
                .extracting(Release::getDisplayName).contains(displayName);

        assertThatThrownBy(() -> calls.blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName())).build()))
                .hasMessageStartingWith("ALREADY_EXISTS");
        assertThatThrownBy(() -> calls.blocking("rel-eng").createRelease(CreateReleaseRequest.newBuilder().setDisplayName(displayName + "-b")
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
        assertThatThrownBy(() -> calls.blocking("viewer").createUpload(CreateUploadRequest.newBuilder().setSpec(UploadCalls.createDefaultSpec()).setDeclaredLength(1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> calls.blocking("no-roles").getArtifact(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> calls.blocking("viewer").getArtifact(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
