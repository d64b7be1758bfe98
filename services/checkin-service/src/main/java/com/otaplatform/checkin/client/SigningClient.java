package com.otaplatform.checkin.client;

import com.otaplatform.common.ApiException;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetVehicleCaRequest;
import com.otaplatform.signing.v1.IssueVehicleCertificateRequest;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** signing-service as check-in uses it: the vehicle CA (certificates, chain, CRL) and the image repository's root. */
@ApplicationScoped
public class SigningClient {
    private static final long DEADLINE_SECONDS = 10;

    @GrpcClient("signing")
    Channel signingChannel;

    /** PEM chain and a fresh PEM CRL of the vehicle CA. */
    public record Authority(String caChainPem, String crlPem) {
    }

    /** A client certificate issued for a CSR, with the CA chain. */
    public record IssuedCertificate(String certificatePem, String caChainPem) {
    }

    /** The vehicle CA's chain and revocation list as signing-service publishes them now. */
    public Authority vehicleCa() {
        var reply = call("read the vehicle CA", () -> stub().getVehicleCa(GetVehicleCaRequest.getDefaultInstance()));
        return new Authority(reply.getCaChainPem(), reply.getCrlPem());
    }

    /**
     * A certificate for {@code vin} from {@code csrPem}; signing-service's INVALID_ARGUMENT (naming {@code vin} or
     * {@code csr_pem}) reaches the caller unchanged.
     */
    public IssuedCertificate issue(String vin, String csrPem) {
        var reply = call("issue the vehicle certificate", () -> stub().issueVehicleCertificate(
                IssueVehicleCertificateRequest.newBuilder().setVin(vin).setCsrPem(csrPem).build()));
        return new IssuedCertificate(reply.getCertificatePem(), reply.getCaChainPem());
    }

    /** The image repository's current root metadata (TUF JSON). */
    public byte[] imageRoot() {
        return call("read the image repository root", () -> stub().getRoleMetadata(
                GetRoleMetadataRequest.newBuilder().setRole(Role.ROLE_ROOT).build())).getMetadata().toByteArray();
    }

    private SigningServiceGrpc.SigningServiceBlockingStub stub() {
        return SigningServiceGrpc.newBlockingStub(signingChannel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw e;
            }
            throw ApiException.unavailable("cannot " + what + " at signing-service: " + e.getStatus(), e);
        }
    }
}
