package com.otaplatform.checkin.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.otaplatform.checkin.CheckIn;
import com.otaplatform.checkin.CheckInManagement;
import com.otaplatform.checkin.DirectorManagement;
import com.otaplatform.checkin.ManifestRefusal;
import com.otaplatform.checkin.VehicleProvisioning;
import com.otaplatform.checkin.mapping.VehicleMapper;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.ProvisionVehicleRequest;
import com.otaplatform.vehicle.v1.ProvisionVehicleResponse;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.ReportStatusResponse;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/**
 * VehicleService over gRPC: maps messages and delegates. Vehicles are authenticated by their client certificate
 * ({@link VehicleAuthenticator}); a manifest or report for another VIN than the certificate's is refused, and so is a
 * manifest that is not signed by the vehicle's registered ECU keys or does not answer the last nonce
 * ({@link ManifestRefusal}, with a google.rpc.ErrorInfo that names the reason and the field).
 */
@GrpcService
@Blocking
@RegisterInterceptor(CheckInLoadShedder.class)
@RegisterInterceptor(VehicleAuthenticator.class)
public class VehicleGrpcService extends VehicleServiceGrpc.VehicleServiceImplBase {

    @Inject
    CheckInManagement checkIns;
    @Inject
    DirectorManagement director;
    @Inject
    VehicleProvisioning provisioning;

    @Override
    public void provisionVehicle(ProvisionVehicleRequest request, StreamObserver<ProvisionVehicleResponse> response) {
        String vin = VehicleMapper.vin("vin", request.getVin());
        String csr = Fields.required("csr_pem", request.getCsrPem(), 16_384);
        String token = Fields.required("factory_token", request.getFactoryToken(), 256);
        if (request.getAttributesCount() > 0) {
            throw ApiException.invalidField("attributes", "are set when the vehicle is registered (FleetService.RegisterVehicle)");
        }
        var ecuKeys = VehicleMapper.toVehicleKeys(request);
        var credentials = provisioning.provision(vin, csr, token, ecuKeys);
        response.onNext(ProvisionVehicleResponse.newBuilder().setCertificatePem(credentials.certificatePem())
                .setCaChainPem(credentials.caChainPem()).setImageRoot(ByteString.copyFrom(credentials.imageRoot()))
                .setDirectorRoot(ByteString.copyFrom(director.latestRoot())).build());
        response.onCompleted();
    }

    @Override
    public void checkIn(CheckInRequest request, StreamObserver<CheckInResponse> response) {
        var manifest = VehicleMapper.toManifest(request);
        VehicleAuthenticator.requireVin("manifest.vin", manifest.vin());
        var vehicle = VehicleMapper.toVehicle(request, manifest, Instant.now());
        CheckIn checkIn;
        try {
            checkIn = checkIns.checkIn(vehicle, manifest, VehicleAuthenticator.certificateSerial());
        } catch (ManifestRefusal e) {
            response.onError(refusal(e));
            return;
        }
        var nextPoll = checkIns.nextPoll();
        var reply = CheckInResponse.newBuilder()
                .setNextPoll(Duration.newBuilder().setSeconds(nextPoll.getSeconds()).setNanos(nextPoll.getNano()))
                .setNonce(checkIn.nonce())
                .setDirectorRepositoryUrl(director.repositoryUrl(vehicle.vin()))
                .setImageRepositoryUrl(director.imageRepositoryUrl());
        checkIn.assignment().ifPresent(a -> reply.setAssignment(VehicleMapper.toProto(a)));
        checkIn.director().ifPresent(md -> reply.setDirectorTargets(ByteString.copyFrom(md.targets())));
        response.onNext(reply.build());
        response.onCompleted();
    }

    /**
     * A forged manifest (bad signature, unknown ECU) is PERMISSION_DENIED: the caller cannot speak for those ECUs. A
     * stale nonce or missing keys is FAILED_PRECONDITION: the request may be genuine but the vehicle must first get
     * into the state the server expects (answer the current nonce, which a REUSED_NONCE refusal carries, or provision).
     */
    private static StatusRuntimeException refusal(ManifestRefusal e) {
        Status.Code code = switch (e.reason()) {
            case BAD_MANIFEST_SIGNATURE, BAD_ECU_SIGNATURE, UNKNOWN_ECU -> Status.Code.PERMISSION_DENIED;
            case REUSED_NONCE, NO_ECU_KEYS -> Status.Code.FAILED_PRECONDITION;
        };
        return VehicleRefusals.of(code, e.reason().name(), e.field(), e.getMessage(),
                e.currentNonce() == null ? Map.of() : Map.of("nonce", e.currentNonce()));
    }

    @Override
    public void reportStatus(ReportStatusRequest request, StreamObserver<ReportStatusResponse> response) {
        var events = VehicleMapper.toEvents(request);
        VehicleAuthenticator.requireVin("vin", request.getVin());
        var acknowledged = checkIns.report(request.getVin(), VehicleAuthenticator.certificateSerial(), events);
        response.onNext(ReportStatusResponse.newBuilder().addAllAcknowledgedEventIds(acknowledged).build());
        response.onCompleted();
    }
}
