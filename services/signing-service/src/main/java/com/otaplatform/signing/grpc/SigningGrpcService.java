package com.otaplatform.signing.grpc;

import com.google.protobuf.ByteString;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.PageToken;
import com.otaplatform.common.Roles;
import com.otaplatform.signing.ImageRepositoryManagement;
import com.otaplatform.signing.KeyManagement;
import com.otaplatform.signing.KeyScheme;
import com.otaplatform.signing.KeyStorage;
import com.otaplatform.signing.OfflineSigning;
import com.otaplatform.signing.PublicKeyPem;
import com.otaplatform.signing.ReleaseSigning;
import com.otaplatform.signing.RoleMetadata;
import com.otaplatform.signing.SigningKey;
import com.otaplatform.signing.StagedMetadata;
import com.otaplatform.signing.VehicleCa;
import com.otaplatform.signing.mapping.SigningMapper;
import com.otaplatform.signing.v1.AddSignatureRequest;
import com.otaplatform.signing.v1.AddSignatureResponse;
import com.otaplatform.signing.v1.CreateKeyRequest;
import com.otaplatform.signing.v1.CreateKeyResponse;
import com.otaplatform.signing.v1.PrepareRoleMetadataRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.RevokeKeyRequest;
import com.otaplatform.signing.v1.RevokeKeyResponse;
import com.otaplatform.signing.v1.RoleKeys;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetStagedMetadataRequest;
import com.otaplatform.signing.v1.GetStagedMetadataResponse;
import com.otaplatform.signing.v1.ListStagedMetadataRequest;
import com.otaplatform.signing.v1.ListStagedMetadataResponse;
import com.otaplatform.signing.v1.GetVehicleCaRequest;
import com.otaplatform.signing.v1.GetVehicleCaResponse;
import com.otaplatform.signing.v1.IssueVehicleCertificateRequest;
import com.otaplatform.signing.v1.IssueVehicleCertificateResponse;
import com.otaplatform.signing.v1.RevokeVehicleCertificateRequest;
import com.otaplatform.signing.v1.RevokeVehicleCertificateResponse;
import com.otaplatform.signing.v1.GetRoleMetadataResponse;
import com.otaplatform.signing.v1.ListKeysRequest;
import com.otaplatform.signing.v1.ListKeysResponse;
import com.otaplatform.signing.v1.SignReleaseRequest;
import com.otaplatform.signing.v1.SignReleaseResponse;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.tuf.model.RoleName;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SigningService over gRPC: checks roles, validates and maps messages, delegates. */
@GrpcService
@Blocking
public class SigningGrpcService extends SigningServiceGrpc.SigningServiceImplBase {
    private static final int MAX_PAGE = 1000;

    @Inject
    ReleaseSigning releaseSigning;
    @Inject
    ImageRepositoryManagement repository;
    @Inject
    VehicleCa vehicleCa;
    @Inject
    KeyManagement keys;
    @Inject
    OfflineSigning offlineSigning;
    @Inject
    SecurityIdentity identity;

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void signRelease(SignReleaseRequest request, StreamObserver<SignReleaseResponse> response) {
        String release = Fields.resourceName("releases", Fields.resourceId("release", request.getRelease(), "releases"));
        reply(response, SigningMapper.toProto(releaseSigning.sign(release)));
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listStagedMetadata(ListStagedMetadataRequest request, StreamObserver<ListStagedMetadataResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, MAX_PAGE);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = offlineSigning.list(offset, size);
        var reply = ListStagedMetadataResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(staged -> reply.addStaged(SigningMapper.toProto(staged, false)));
        reply(response, reply.build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void getStagedMetadata(GetStagedMetadataRequest request, StreamObserver<GetStagedMetadataResponse> response) {
        UUID id = Fields.resourceId("name", request.getName(), StagedMetadata.COLLECTION);
        reply(response, GetStagedMetadataResponse.newBuilder().setStaged(SigningMapper.toProto(offlineSigning.status(id), true)).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN, Roles.SERVICE})
    public void getRoleMetadata(GetRoleMetadataRequest request, StreamObserver<GetRoleMetadataResponse> response) {
        String role = SigningMapper.roleName("role", request.getRole());
        if (request.getVersion() < 0) {
            throw ApiException.invalidField("version", "must be 0 (current) or a version >= 1");
        }
        RoleMetadata metadata = request.getVersion() == 0 ? repository.current(role)
                : repository.metadata(role, request.getVersion())
                        .orElseThrow(() -> ApiException.notFound(role + " version " + request.getVersion()));
        reply(response, GetRoleMetadataResponse.newBuilder().setMetadata(ByteString.copyFrom(metadata.bytes()))
                .setVersion(metadata.version()).setExpireTime(SigningMapper.timestamp(metadata.expiresAt())).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, MAX_PAGE);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = keys.list(offset, size);
        var reply = ListKeysResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(key -> reply.addKeys(SigningMapper.toProto(key)));
        reply(response, reply.build());
    }

    @Override
    @RolesAllowed(Roles.FLEET_ADMIN)
    public void createKey(CreateKeyRequest request, StreamObserver<CreateKeyResponse> response) {
        KeyScheme scheme = SigningMapper.keyScheme("scheme", request.getScheme());
        KeyStorage storage = SigningMapper.keyStorage("storage", request.getStorage());
        List<String> roles = roles(request.getRolesList());
        String pem = Fields.optional("public_key_pem", request.getPublicKeyPem(), 4096);
        if (storage != KeyStorage.OFFLINE && !pem.isEmpty()) {
            throw ApiException.invalidField("public_key_pem", "is only for KEY_STORAGE_OFFLINE: the server makes the other keys");
        }
        SigningKey key = switch (storage) {
            case ENCRYPTED -> keys.createEncrypted(scheme, roles);
            case OFFLINE -> keys.registerOffline(publicKey(pem, scheme), scheme, roles);
            case HSM -> {
                if (scheme != KeyScheme.ECDSA_P256) {
                    throw ApiException.invalidField("scheme", "HSM keys are KEY_SCHEME_ECDSA_P256 (the JDK's PKCS#11 provider has no Ed25519)");
                }
                yield keys.createInHsm(roles);
            }
        };
        reply(response, CreateKeyResponse.newBuilder().setKey(SigningMapper.toProto(key)).build());
    }

    @Override
    @RolesAllowed(Roles.FLEET_ADMIN)
    public void revokeKey(RevokeKeyRequest request, StreamObserver<RevokeKeyResponse> response) {
        String keyId = keyId("key_id", request.getKeyId());
        String reason = Fields.required("reason", request.getReason(), 1024);
        reply(response, RevokeKeyResponse.newBuilder().setKey(SigningMapper.toProto(keys.revoke(keyId, reason))).build());
    }

    @Override
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.RELEASE_ENGINEER})
    public void prepareRoleMetadata(PrepareRoleMetadataRequest request, StreamObserver<PrepareRoleMetadataResponse> response) {
        String role = SigningMapper.roleName("role", request.getRole());
        requireOfflineRole(role);
        requireFleetAdmin(role);
        if (role.equals(RoleName.TARGETS) && !request.getRoleKeysList().isEmpty()) {
            throw ApiException.invalidField("role_keys", "is only for ROLE_ROOT: keys and thresholds live in root");
        }
        Map<String, com.otaplatform.tuf.model.Role> roleKeys = new LinkedHashMap<>();
        for (RoleKeys given : request.getRoleKeysList()) {
            String name = SigningMapper.roleName("role_keys.role", given.getRole());
            List<String> ids = new ArrayList<>();
            for (String id : given.getKeyIdsList()) {
                if (!ids.contains(keyId("role_keys.key_ids", id))) {
                    ids.add(id);
                }
            }
            if (given.getThreshold() < 1 || given.getThreshold() > 100) {
                throw ApiException.invalidField("role_keys.threshold", name + ": must be between 1 and 100");
            }
            if (roleKeys.put(name, new com.otaplatform.tuf.model.Role(ids, given.getThreshold())) != null) {
                throw ApiException.invalidField("role_keys", name + " is given twice");
            }
        }
        reply(response, SigningMapper.toPrepareResponse(offlineSigning.prepare(role, roleKeys)));
    }

    @Override
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.RELEASE_ENGINEER})
    public void addSignature(AddSignatureRequest request, StreamObserver<AddSignatureResponse> response) {
        UUID id = Fields.resourceId("name", request.getName(), StagedMetadata.COLLECTION);
        String keyId = keyId("key_id", request.getKeyId());
        if (request.getSignature().isEmpty() || request.getSignature().size() > 1024) {
            throw ApiException.invalidField("signature", "must be the raw signature bytes (Ed25519: 64 bytes, ECDSA: DER), 1..1024 bytes");
        }
        requireFleetAdmin(offlineSigning.staged(id).role());
        reply(response, SigningMapper.toProto(offlineSigning.addSignature(id, keyId, request.getSignature().toByteArray())));
    }

    /** Root is the fleet admins' alone; release engineers may sign targets. */
    private void requireFleetAdmin(String role) {
        if (!role.equals(RoleName.TARGETS) && !identity.hasRole(Roles.FLEET_ADMIN)) {
            throw new StatusRuntimeException(Status.PERMISSION_DENIED.withDescription(role + " metadata needs role " + Roles.FLEET_ADMIN));
        }
    }

    private static void requireOfflineRole(String role) {
        if (!role.equals(RoleName.ROOT) && !role.equals(RoleName.TARGETS)) {
            throw ApiException.invalidField("role", "only ROLE_ROOT and ROLE_TARGETS are signed offline; snapshot and timestamp are signed online");
        }
    }

    private static List<String> roles(List<com.otaplatform.signing.v1.Role> given) {
        if (given.isEmpty()) {
            throw ApiException.invalidField("roles", "name at least one role the key signs for");
        }
        List<String> roles = new ArrayList<>();
        for (com.otaplatform.signing.v1.Role role : given) {
            String name = SigningMapper.roleName("roles", role);
            if (!roles.contains(name)) {
                roles.add(name);
            }
        }
        return roles;
    }

    private static com.otaplatform.tuf.model.Key publicKey(String pem, KeyScheme scheme) {
        if (pem.isEmpty()) {
            throw ApiException.invalidField("public_key_pem", "is required for KEY_STORAGE_OFFLINE (the public half of the offline key)");
        }
        try {
            return PublicKeyPem.parse(pem, scheme);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("public_key_pem", e.getMessage());
        }
    }

    private static String keyId(String field, String value) {
        if (value == null || !value.matches("[0-9a-f]{64}")) {
            throw ApiException.invalidField(field, "must be a key id: 64 lowercase hex characters");
        }
        return value;
    }

    @Override
    @RolesAllowed(Roles.SERVICE)
    public void issueVehicleCertificate(IssueVehicleCertificateRequest request, StreamObserver<IssueVehicleCertificateResponse> response) {
        String vin = Fields.identifier("vin", request.getVin(), 64);
        String csr = Fields.required("csr_pem", request.getCsrPem(), 16 * 1024);
        var issued = vehicleCa.issue(vin, csr);
        reply(response, IssueVehicleCertificateResponse.newBuilder().setCertificatePem(issued.certificatePem())
                .setCaChainPem(vehicleCa.chainPem()).build());
    }

    @Override
    @RolesAllowed(Roles.FLEET_ADMIN)
    public void revokeVehicleCertificate(RevokeVehicleCertificateRequest request, StreamObserver<RevokeVehicleCertificateResponse> response) {
        String serial = Fields.required("serial", request.getSerial(), 64).toLowerCase(java.util.Locale.ROOT);
        if (!serial.matches("[0-9a-f]+")) {
            throw ApiException.invalidField("serial", "must be the certificate's serial number in hex");
        }
        var revoked = vehicleCa.revoke(new BigInteger(serial, 16), Fields.optional("reason", request.getReason(), 1024));
        reply(response, RevokeVehicleCertificateResponse.newBuilder().setRevokeTime(SigningMapper.timestamp(revoked.revokedAt())).build());
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN, Roles.SERVICE})
    public void getVehicleCa(GetVehicleCaRequest request, StreamObserver<GetVehicleCaResponse> response) {
        reply(response, GetVehicleCaResponse.newBuilder().setCaChainPem(vehicleCa.chainPem()).setCrlPem(vehicleCa.crlPem()).build());
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }
}
