package com.otaplatform.testkit;

import com.google.protobuf.ByteString;
import com.otaplatform.agent.testing.TestVehicleCa;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetRoleMetadataResponse;
import com.otaplatform.signing.v1.GetVehicleCaRequest;
import com.otaplatform.signing.v1.GetVehicleCaResponse;
import com.otaplatform.signing.v1.IssueVehicleCertificateRequest;
import com.otaplatform.signing.v1.IssueVehicleCertificateResponse;
import com.otaplatform.signing.v1.RevokeVehicleCertificateRequest;
import com.otaplatform.signing.v1.RevokeVehicleCertificateResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The vehicle-CA part of SigningService on a loopback port, backed by a {@link TestVehicleCa}, for the tests of a
 * service that reads the vehicle CA without signing-service running (the end-to-end tests run the real one).
 */
public final class TestSigningService implements AutoCloseable {
    /** The image root it hands out: a marker, not signed metadata. */
    public static final byte[] IMAGE_ROOT = "{\"test\":\"image root\"}".getBytes(StandardCharsets.UTF_8);

    private final TestVehicleCa ca;
    private final Server server;

    private TestSigningService(TestVehicleCa ca) throws IOException {
        this.ca = ca;
        this.server = ServerBuilder.forPort(0).addService(new Service()).build().start();
    }

    /** Serves {@code ca} on a free port. */
    public static TestSigningService start(TestVehicleCa ca) {
        try {
            return new TestSigningService(ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private final class Service extends SigningServiceGrpc.SigningServiceImplBase {
        @Override
        public void getVehicleCa(GetVehicleCaRequest request, StreamObserver<GetVehicleCaResponse> response) {
            response.onNext(GetVehicleCaResponse.newBuilder().setCaChainPem(ca.chainPem()).setCrlPem(ca.crlPem()).build());
            response.onCompleted();
        }

        @Override
        public void issueVehicleCertificate(IssueVehicleCertificateRequest request, StreamObserver<IssueVehicleCertificateResponse> response) {
            try {
                response.onNext(IssueVehicleCertificateResponse.newBuilder()
                        .setCertificatePem(ca.issue(request.getVin(), request.getCsrPem())).setCaChainPem(ca.chainPem()).build());
                response.onCompleted();
            } catch (IllegalArgumentException e) {
                response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            }
        }

        @Override
        public void revokeVehicleCertificate(RevokeVehicleCertificateRequest request, StreamObserver<RevokeVehicleCertificateResponse> response) {
            ca.revoke(new BigInteger(request.getSerial(), 16));
            response.onNext(RevokeVehicleCertificateResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void getRoleMetadata(GetRoleMetadataRequest request, StreamObserver<GetRoleMetadataResponse> response) {
            if (request.getRole() != Role.ROLE_ROOT) {
                response.onError(Status.UNIMPLEMENTED.withDescription("role: only root here").asRuntimeException());
                return;
            }
            response.onNext(GetRoleMetadataResponse.newBuilder().setMetadata(ByteString.copyFrom(IMAGE_ROOT)).setVersion(1).build());
            response.onCompleted();
        }
    }
}
