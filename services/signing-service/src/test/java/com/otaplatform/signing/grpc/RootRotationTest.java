package com.otaplatform.signing.grpc;

import static com.otaplatform.signing.grpc.SigningCalls.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.otaplatform.signing.ImageRepositoryHttp;
import com.otaplatform.signing.v1.AddSignatureRequest;
import com.otaplatform.signing.v1.AddSignatureResponse;
import com.otaplatform.signing.v1.CreateKeyRequest;
import com.otaplatform.signing.v1.KeyScheme;
import com.otaplatform.signing.v1.KeyStorage;
import com.otaplatform.signing.v1.ListKeysRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.RevokeKeyRequest;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.RoleKeys;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Root rotation with offline keys against a fresh image repository (root 1-of-1 online), step by step: 1-of-1 to 2-of-3
 * offline keys, then a revocation. A TUF client that trusted root v1 follows the chain over HTTP after each step.
 */
@QuarkusTest
@TestProfile(RootRotationTest.FreshRepository.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RootRotationTest {
    /** Its own application start, so that Flyway cleans the database and the repository starts at root v1. */
    public static class FreshRepository implements QuarkusTestProfile {
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;
    private SigningCalls calls;
    private ImageRepositoryHttp http;
    private final LocalSigner k1 = KeyPairs.ed25519();
    private final LocalSigner k2 = KeyPairs.ecdsaP256();
    private final LocalSigner k3 = KeyPairs.ed25519();
    private final LocalSigner k4 = KeyPairs.ed25519();
    private Path clientTrustingV1;

    @BeforeAll
    void openChannel() throws Exception {
        channel = TestChannels.loopback(port);
        calls = new SigningCalls(channel);
        http = new ImageRepositoryHttp(port);
        clientTrustingV1 = Files.createTempDirectory("client-v1");
        http.clientTrustingRootV1(clientTrustingV1);
    }

    @AfterAll
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private RootMetadata refresh(Path client) {
        return http.client(client).refresh().root();
    }

    private RootMetadata served(long version) throws Exception {
        return RootMetadata.from(SignedMetadata.parse(http.served(version + ".root.json")));
    }

    private PrepareRoleMetadataResponse prepareRoot(RoleKeys... roleKeys) {
        return calls.as("fleet-admin").prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder().setRole(Role.ROLE_ROOT)
                .addAllRoleKeys(List.of(roleKeys)).build());
    }

    private static RoleKeys rootKeys(int threshold, LocalSigner... signers) {
        RoleKeys.Builder keys = RoleKeys.newBuilder().setRole(Role.ROLE_ROOT).setThreshold(threshold);
        for (LocalSigner signer : signers) {
            keys.addKeyIds(signer.keyId());
        }
        return keys.build();
    }

    @Test
    @Order(1)
    void shouldPublishRootTwoOfThreeOnlyOnceTwoDistinctValidOfflineSignaturesArrive() throws Exception {
        for (LocalSigner key : List.of(k1, k2, k3)) {
            assertThat(calls.registerOffline(key, Role.ROLE_ROOT).getStorage()).isEqualTo(KeyStorage.KEY_STORAGE_OFFLINE);
        }
        String onlineRootKey = served(1).role(RoleName.ROOT).keyIds().get(0);

        PrepareRoleMetadataResponse staged = prepareRoot(rootKeys(2, k1, k2, k3));

        assertThat(staged.getVersion()).isEqualTo(2);
        assertThat(staged.getKeyIdsList()).containsExactly(k1.keyId(), k2.keyId(), k3.keyId());
        assertThat(staged.getThreshold()).isEqualTo(2);
        assertThat(staged.getPreviousKeyIdsList()).containsExactly(onlineRootKey);
        assertThat(staged.getProgress().getPreviousSignatures()).as("the server signed with its online root key").isEqualTo(1);
        assertThat(staged.getProgress().getSignatures()).isZero();
        assertThat(staged.getProgress().getPublished()).isFalse();

        AddSignatureResponse first = calls.sign(staged, k1);
        assertThat(first.getSignatures()).isEqualTo(1);
        assertThat(first.getPublished()).isFalse();
        assertThat(calls.sign(staged, k1).getSignatures()).as("the same key twice counts once").isEqualTo(1);
        assertThat(http.get("2.root.json").statusCode()).as("below threshold nothing is published").isEqualTo(404);

        String timestampKey = served(1).role(RoleName.TIMESTAMP).keyIds().get(0);
        assertStatus(() -> calls.as("fleet-admin").addSignature(AddSignatureRequest.newBuilder().setName(staged.getName())
                .setKeyId(timestampKey).setSignature(ByteString.copyFrom(new byte[64])).build()), Status.Code.INVALID_ARGUMENT, "key_id:");
        assertStatus(() -> calls.as("fleet-admin").addSignature(AddSignatureRequest.newBuilder().setName(staged.getName())
                        .setKeyId(k2.keyId()).setSignature(ByteString.copyFrom(k2.sign("other bytes".getBytes()))).build()),
                Status.Code.INVALID_ARGUMENT, "signature:");
        assertThat(http.get("2.root.json").statusCode()).isEqualTo(404);

        AddSignatureResponse second = calls.sign(staged, k2);

        assertThat(second.getSignatures()).isEqualTo(2);
        assertThat(second.getPublished()).isTrue();
        RootMetadata v2 = served(2);
        assertThat(v2.role(RoleName.ROOT).keyIds()).containsExactlyInAnyOrder(k1.keyId(), k2.keyId(), k3.keyId());
        assertThat(v2.role(RoleName.ROOT).threshold()).isEqualTo(2);
        assertThat(refresh(clientTrustingV1).version()).as("a client trusting root v1 follows to v2").isEqualTo(2);
        assertStatus(() -> calls.sign(staged, k3), Status.Code.FAILED_PRECONDITION, staged.getName() + " is already published");
        assertThat(calls.listed(onlineRootKey).getRolesList()).as("the old root key left root").isEmpty();
        assertThat(calls.listed(k3.keyId()).getRolesList()).containsExactly(Role.ROLE_ROOT);
    }

    @Test
    @Order(2)
    void shouldStopCountingARevokedKeysSignaturesAndLeaveItOutOfTheNextRoot() throws Exception {
        calls.registerOffline(k4, Role.ROLE_ROOT);
        PrepareRoleMetadataResponse staged = prepareRoot(rootKeys(2, k1, k2, k4));
        assertThat(staged.getPreviousKeyIdsList()).containsExactlyInAnyOrder(k1.keyId(), k2.keyId(), k3.keyId());
        assertThat(calls.sign(staged, k3).getPreviousSignatures()).isEqualTo(1);
        assertThat(calls.sign(staged, k4).getSignatures()).isEqualTo(1);

        var revoked = calls.as("fleet-admin").revokeKey(RevokeKeyRequest.newBuilder().setKeyId(k3.keyId()).setReason("laptop lost").build());
        assertThat(revoked.getKey().hasRevokeTime()).isTrue();

        AddSignatureResponse afterRevocation = calls.sign(staged, k1);
        assertThat(afterRevocation.getSignatures()).isEqualTo(2);
        assertThat(afterRevocation.getPreviousSignatures()).as("k3's signature no longer counts").isEqualTo(1);
        assertThat(afterRevocation.getPublished()).isFalse();
        assertStatus(() -> calls.sign(staged, k3), Status.Code.INVALID_ARGUMENT, "key_id:");

        assertThat(calls.sign(staged, k2).getPublished()).isTrue();
        RootMetadata v3 = served(3);
        assertThat(v3.role(RoleName.ROOT).keyIds()).containsExactlyInAnyOrder(k1.keyId(), k2.keyId(), k4.keyId());
        assertThat(v3.keys()).doesNotContainKey(k3.keyId());
        assertThat(refresh(clientTrustingV1).version()).isEqualTo(3);
        assertThat(http.clientTrustingRootV1(Files.createTempDirectory("client-v1-again")).refresh().root().version()).as("a new client walks 1 -> 2 -> 3").isEqualTo(3);
        assertThat(calls.listed(k3.keyId()).getRolesList()).isEmpty();
        assertThat(calls.listed(k3.keyId()).hasRevokeTime()).isTrue();
    }

    @Test
    @Order(3)
    void shouldKeepTheRegisteredKeysOfRolesNotNamedAndRefuseAStaleStagedVersion() throws Exception {
        PrepareRoleMetadataResponse first = prepareRoot();
        PrepareRoleMetadataResponse second = prepareRoot();
        assertThat(first.getVersion()).isEqualTo(4);
        assertThat(first.getKeyIdsList()).as("the keys registered for root, k3 revoked").containsExactlyInAnyOrder(k1.keyId(), k2.keyId(),
                k4.keyId());

        calls.sign(first, k1);
        assertThat(calls.sign(first, k4).getPublished()).isTrue();

        assertThat(served(4).role(RoleName.TIMESTAMP)).isEqualTo(served(3).role(RoleName.TIMESTAMP));
        assertStatus(() -> calls.sign(second, k1), Status.Code.FAILED_PRECONDITION, second.getName() + " staged root v4 but v4");
        assertThat(refresh(clientTrustingV1).version()).isEqualTo(4);
    }

    @Test
    void shouldRefuseMalformedRequestsNamingTheField() {
        assertStatus(() -> calls.as("fleet-admin").prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder().setRole(Role.ROLE_SNAPSHOT)
                .build()), Status.Code.INVALID_ARGUMENT, "role:");
        assertStatus(() -> calls.as("fleet-admin").prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder().setRole(Role.ROLE_TARGETS)
                .addRoleKeys(rootKeys(1, k1)).build()), Status.Code.INVALID_ARGUMENT, "role_keys:");
        assertStatus(() -> prepareRoot(rootKeys(0, k1)), Status.Code.INVALID_ARGUMENT, "role_keys.threshold:");
        assertStatus(() -> prepareRoot(rootKeys(2, KeyPairs.ed25519(), k1)), Status.Code.INVALID_ARGUMENT, "role_keys:");
        assertStatus(() -> calls.as("fleet-admin").addSignature(AddSignatureRequest.newBuilder().setName("staged/x").build()),
                Status.Code.INVALID_ARGUMENT, "name:");
        assertStatus(() -> calls.as("fleet-admin").revokeKey(RevokeKeyRequest.newBuilder().setKeyId("abc").setReason("r").build()),
                Status.Code.INVALID_ARGUMENT, "key_id:");
        assertStatus(() -> calls.as("fleet-admin").revokeKey(RevokeKeyRequest.newBuilder().setKeyId("0".repeat(64)).setReason("r").build()),
                Status.Code.NOT_FOUND, null);
        CreateKeyRequest hsm = CreateKeyRequest.newBuilder().setStorage(KeyStorage.KEY_STORAGE_HSM).addRoles(Role.ROLE_TIMESTAMP).build();
        assertStatus(() -> calls.as("fleet-admin").createKey(hsm.toBuilder().setScheme(KeyScheme.KEY_SCHEME_ED25519).build()),
                Status.Code.INVALID_ARGUMENT, "scheme:");
        assertStatus(() -> calls.as("fleet-admin").createKey(hsm.toBuilder().setScheme(KeyScheme.KEY_SCHEME_ECDSA_P256).build()),
                Status.Code.FAILED_PRECONDITION, "storage: no PKCS#11 HSM is configured");
        assertStatus(() -> calls.as("fleet-admin").createKey(CreateKeyRequest.newBuilder().setScheme(KeyScheme.KEY_SCHEME_ED25519)
                .setStorage(KeyStorage.KEY_STORAGE_OFFLINE).addRoles(Role.ROLE_ROOT).setPublicKeyPem("not a key").build()),
                Status.Code.INVALID_ARGUMENT, "public_key_pem:");
        assertStatus(() -> calls.as("fleet-admin").createKey(CreateKeyRequest.newBuilder().setScheme(KeyScheme.KEY_SCHEME_ED25519)
                .setStorage(KeyStorage.KEY_STORAGE_ENCRYPTED).build()), Status.Code.INVALID_ARGUMENT, "roles:");
    }

    @Test
    void shouldLetOnlyFleetAdminsStageRootAndReleaseEngineersTargets() {
        PrepareRoleMetadataRequest root = PrepareRoleMetadataRequest.newBuilder().setRole(Role.ROLE_ROOT).build();
        assertStatus(() -> calls.as("viewer").prepareRoleMetadata(root), Status.Code.PERMISSION_DENIED, null);
        assertStatus(() -> calls.as("rel-eng").prepareRoleMetadata(root), Status.Code.PERMISSION_DENIED, null);
        assertStatus(() -> calls.as("rel-eng").revokeKey(RevokeKeyRequest.newBuilder().setKeyId(k1.keyId()).setReason("r").build()),
                Status.Code.PERMISSION_DENIED, null);
        assertThat(calls.as("viewer").listKeys(ListKeysRequest.getDefaultInstance()).getKeysCount()).isPositive();
    }

    @Test
    void shouldPublishTargetsAtOnceWhenTheOnlineTargetsKeyMeetsTheThreshold() throws Exception {
        PrepareRoleMetadataResponse targets = calls.as("rel-eng").prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder()
                .setRole(Role.ROLE_TARGETS).build());
        assertThat(targets.getProgress().getPublished()).isTrue();
        assertThat(targets.getProgress().getSignatures()).isEqualTo(1);
        assertThat(http.get(targets.getVersion() + ".targets.json").statusCode()).isEqualTo(200);
    }
}
