package com.otaplatform.signing.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.otaplatform.signing.PublicKeyPem;
import com.otaplatform.signing.v1.AddSignatureRequest;
import com.otaplatform.signing.v1.AddSignatureResponse;
import com.otaplatform.signing.v1.CreateKeyRequest;
import com.otaplatform.signing.v1.Key;
import com.otaplatform.signing.v1.KeyScheme;
import com.otaplatform.signing.v1.KeyStorage;
import com.otaplatform.signing.v1.ListKeysRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.tuf.crypto.Signer;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;

/** Calls of SigningService as the demo users, for the tests of keys and offline signing. */
final class SigningCalls {
    private final Channel channel;

    SigningCalls(Channel channel) {
        this.channel = channel;
    }

    SigningServiceGrpc.SigningServiceBlockingStub as(String user) {
        return SigningServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    /** Registers the public half of a locally held key for {@code roles}, as fleet-admin. */
    Key registerOffline(Signer signer, Role... roles) {
        KeyScheme scheme = signer.publicKey().scheme().equals(com.otaplatform.tuf.model.Key.ED25519) ? KeyScheme.KEY_SCHEME_ED25519
                : KeyScheme.KEY_SCHEME_ECDSA_P256;
        return as("fleet-admin").createKey(CreateKeyRequest.newBuilder().setScheme(scheme).setStorage(KeyStorage.KEY_STORAGE_OFFLINE)
                .setPublicKeyPem(PublicKeyPem.of(signer.publicKey())).addAllRoles(List.of(roles)).build()).getKey();
    }

    /** Signs the staged bytes with {@code signer} and uploads the detached signature, as fleet-admin. */
    AddSignatureResponse sign(PrepareRoleMetadataResponse staged, Signer signer) {
        return as("fleet-admin").addSignature(AddSignatureRequest.newBuilder().setName(staged.getName()).setKeyId(signer.keyId())
                .setSignature(ByteString.copyFrom(signer.sign(staged.getSignedCanonical().toByteArray()))).build());
    }

    /** The key as ListKeys shows it. */
    Key listed(String keyId) {
        return as("viewer").listKeys(ListKeysRequest.newBuilder().setPageSize(1000).build()).getKeysList().stream()
                .filter(k -> k.getKeyId().equals(keyId)).findFirst().orElseThrow();
    }

    static void assertStatus(Runnable call, Status.Code code, String messageStart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (messageStart != null) {
                assertThat(e.getStatus().getDescription()).startsWith(messageStart);
            }
        });
    }
}
