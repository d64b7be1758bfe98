package com.otaplatform.checkin.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.otaplatform.checkin.DirectorManagement;
import com.otaplatform.checkin.CheckInManagement;
import com.otaplatform.checkin.mapping.VehicleMapper;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
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
 * VehicleService over gRPC: maps messages and delegates. Vehicles are not yet authenticated
 * (mutual TLS and signed manifests come with the signing work); the VIN is taken from the manifest.
 */
@GrpcService
@Blocking
@RegisterInterceptor(CheckInLoadShedder.class)
public class VehicleGrpcService extends VehicleServiceGrpc.VehicleServiceImplBase {

    @Inject
    CheckInManagement checkIns;
    @Inject
    DirectorManagement director;

    @Override
    public void checkIn(CheckInRequest request, StreamObserver<CheckInResponse> response) {
        var vehicle = VehicleMapper.toVehicle(request, Instant.now());
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
        var acknowledged = checkIns.report(VehicleMapper.toEvents(request));
        response.onNext(ReportStatusResponse.newBuilder().addAllAcknowledgedEventIds(acknowledged).build());
        response.onCompleted();
    }
}
