package com.otaplatform.signing.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetRoleMetadataResponse;
import com.otaplatform.signing.v1.Key;
import com.otaplatform.signing.v1.KeyStorage;
import com.otaplatform.signing.v1.ListKeysRequest;
import com.otaplatform.signing.v1.ListKeysResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SignReleaseRequest;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.reflection.v1alpha.ServerReflectionGrpc;
import grpc.reflection.v1alpha.Reflection.ServerReflectionRequest;
import grpc.reflection.v1alpha.Reflection.ServerReflectionResponse;
import grpc.reflection.v1alpha.Reflection.ServiceResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every service of the platform serves on its one port, seen on signing-service. */
@QuarkusTest
class SigningGrpcServiceTest {

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

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeHealthMetricsAndReflectionOnOnePort() throws Exception {
        assertThat(get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/q/metrics").body()).contains("jvm_memory_used_bytes");
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        CompletableFuture<ServerReflectionResponse> listed = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> reflection = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse value) {
                listed.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                listed.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        reflection.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        reflection.onCompleted();
        assertThat(listed.get(60, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
                .extracting(ServiceResponse::getName).contains("ota.signing.v1.SigningService", "grpc.health.v1.Health");
    }

    private static void assertStatus(Runnable call, Status.Code code, String messageStart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (messageStart != null) {
                assertThat(e.getStatus().getDescription()).startsWith(messageStart);
            }
        });
    }

    private SigningServiceGrpc.SigningServiceBlockingStub as(String user) {
        return SigningServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    @Test
    void shouldLetOnlyReleaseEngineersSignReleases() {
        SignReleaseRequest request = SignReleaseRequest.newBuilder().setRelease("releases/" + UUID.randomUUID()).build();
        assertStatus(() -> SigningServiceGrpc.newBlockingStub(channel).signRelease(request), Status.Code.UNAUTHENTICATED, null);
        assertStatus(() -> as("viewer").signRelease(request), Status.Code.PERMISSION_DENIED, null);
        assertStatus(() -> as("fleet-admin").signRelease(request), Status.Code.PERMISSION_DENIED, null);
    }

    @Test
    void shouldRefuseMalformedReleaseNameNamingTheField() {
        assertStatus(() -> as("rel-eng").signRelease(SignReleaseRequest.newBuilder().setRelease("rollouts/x").build()),
                Status.Code.INVALID_ARGUMENT, "release:");
        assertStatus(() -> as("rel-eng").signRelease(SignReleaseRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "release:");
    }

    @Test
    void shouldAnswerUnavailableWhenArtifactServiceCannotBeReached() {
        // in tests the artifact-service client points at port 1, where nothing listens
        assertStatus(() -> as("rel-eng").signRelease(SignReleaseRequest.newBuilder().setRelease("releases/" + UUID.randomUUID()).build()),
                Status.Code.UNAVAILABLE, "artifact-service");
    }

    @Test
    void shouldServeCurrentAndVersionedRoleMetadata() {
        GetRoleMetadataResponse root = as("viewer").getRoleMetadata(GetRoleMetadataRequest.newBuilder().setRole(Role.ROLE_ROOT).build());
        assertThat(root.getVersion()).isGreaterThanOrEqualTo(1);
        RootMetadata parsed = RootMetadata.from(SignedMetadata.parse(root.getMetadata().toByteArray()));
        assertThat(parsed.version()).isEqualTo(root.getVersion());
        assertThat(root.getExpireTime().getSeconds()).isEqualTo(parsed.expires().getEpochSecond());

        GetRoleMetadataResponse timestampV1 = as("rel-eng").getRoleMetadata(GetRoleMetadataRequest.newBuilder()
                .setRole(Role.ROLE_TIMESTAMP).setVersion(1).build());
        assertThat(SignedMetadata.parse(timestampV1.getMetadata().toByteArray()).version()).isEqualTo(1);

        assertStatus(() -> as("viewer").getRoleMetadata(GetRoleMetadataRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "role:");
        assertStatus(() -> as("viewer").getRoleMetadata(GetRoleMetadataRequest.newBuilder().setRole(Role.ROLE_TARGETS)
                .setVersion(1_000_000).build()), Status.Code.NOT_FOUND, null);
    }

    @Test
    void shouldListTheKeysOfEveryRoleWithTheirPublicHalves() {
        ListKeysResponse keys = as("viewer").listKeys(ListKeysRequest.getDefaultInstance());
        assertThat(keys.getKeysList()).flatExtracting(Key::getRolesList)
                .contains(Role.ROLE_ROOT, Role.ROLE_TARGETS, Role.ROLE_SNAPSHOT, Role.ROLE_TIMESTAMP);
        assertThat(keys.getKeysList()).allSatisfy(key -> {
            assertThat(key.getStorage()).isEqualTo(KeyStorage.KEY_STORAGE_ENCRYPTED);
            assertThat(key.getPublicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
            assertThat(key.getKeyId()).hasSize(64);
        });
        assertStatus(() -> as("viewer").listKeys(ListKeysRequest.newBuilder().setPageSize(-1).build()), Status.Code.INVALID_ARGUMENT,
                "page_size:");
    }
}
