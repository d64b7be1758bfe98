package com.otaplatform.checkin.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.otaplatform.checkin.DirectorManagement;
import com.otaplatform.checkin.CheckInManagement;
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
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * VehicleService over gRPC: maps messages and delegates. Vehicles are authenticated by their client certificate
 * ({@link VehicleAuthenticator}); a manifest or report for another VIN than the certificate's is refused.
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
        var credentials = provisioning.provision(vin, csr, token);
        response.onNext(ProvisionVehicleResponse.newBuilder().setCertificatePem(credentials.certificatePem())
                .setCaChainPem(credentials.caChainPem()).setImageRoot(ByteString.copyFrom(credentials.imageRoot())).build());
        response.onCompleted();
    }

    @Override
    public void checkIn(CheckInRequest request, StreamObserver<CheckInResponse> response) {
        var vehicle = VehicleMapper.toVehicle(request, Instant.now());
        VehicleAuthenticator.requireVin("manifest.vin", vehicle.vin());
        var checkIn = checkIns.checkIn(vehicle);
        var nextPoll = checkIns.nextPoll();
        var reply = CheckInResponse.newBuilder()
                .setNextPoll(Duration.newBuilder().setSeconds(nextPoll.getSeconds()).setNanos(nextPoll.getNano()))
                .setNonce(UUID.randomUUID().toString())
                .setDirectorRepositoryUrl(director.repositoryUrl(vehicle.vin()))
                .setImageRepositoryUrl(director.imageRepositoryUrl());
        checkIn.assignment().ifPresent(a -> reply.setAssignment(VehicleMapper.toProto(a)));
        checkIn.director().ifPresent(md -> reply.setDirectorTargets(ByteString.copyFrom(md.targets())));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void reportStatus(ReportStatusRequest request, StreamObserver<ReportStatusResponse> response) {
        var events = VehicleMapper.toEvents(request);
        VehicleAuthenticator.requireVin("vin", request.getVin());
        var acknowledged = checkIns.report(events);
        response.onNext(ReportStatusResponse.newBuilder().addAllAcknowledgedEventIds(acknowledged).build());
        response.onCompleted();
    }
}
