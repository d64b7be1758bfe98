package com.otaplatform.signing.grpc;

import com.google.protobuf.ByteString;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.PageToken;
import com.otaplatform.common.Roles;
import com.otaplatform.signing.ImageRepositoryManagement;
import com.otaplatform.signing.ReleaseSigning;
import com.otaplatform.signing.RoleMetadata;
import com.otaplatform.signing.VehicleCa;
import com.otaplatform.signing.mapping.SigningMapper;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
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
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.math.BigInteger;

/** SigningService over gRPC: checks roles, maps messages, delegates. RPCs not built yet answer UNIMPLEMENTED. */
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

    @Override
    @RolesAllowed(Roles.RELEASE_ENGINEER)
    public void signRelease(SignReleaseRequest request, StreamObserver<SignReleaseResponse> response) {
        String release = Fields.resourceName("releases", Fields.resourceId("release", request.getRelease(), "releases"));
        var publication = releaseSigning.sign(release);
        reply(response, SignReleaseResponse.newBuilder().setTargetsVersion(publication.targetsVersion())
                .setSnapshotVersion(publication.snapshotVersion()).setTimestampVersion(publication.timestampVersion()).build());
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
        var page = repository.keys(offset, size);
        var reply = ListKeysResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(key -> reply.addKeys(SigningMapper.toProto(key)));
        reply(response, reply.build());
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
