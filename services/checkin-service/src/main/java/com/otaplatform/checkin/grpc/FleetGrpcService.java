package com.otaplatform.checkin.grpc;

import com.otaplatform.checkin.FleetManagement;
import com.otaplatform.checkin.VehicleProvisioning;
import com.otaplatform.checkin.mapping.VehicleMapper;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.PageToken;
import com.otaplatform.common.Roles;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.GetVehicleResponse;
import com.otaplatform.fleet.v1.ListUpdateOutcomesRequest;
import com.otaplatform.fleet.v1.ListUpdateOutcomesResponse;
import com.otaplatform.fleet.v1.ListVehiclesRequest;
import com.otaplatform.fleet.v1.ListVehiclesResponse;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.fleet.v1.RegisterVehicleResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

/** FleetService over gRPC: checks roles, maps messages, delegates. */
@GrpcService
@Blocking
public class FleetGrpcService extends FleetServiceGrpc.FleetServiceImplBase {

    @Inject
    FleetManagement fleet;
    @Inject
    VehicleProvisioning provisioning;

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void getVehicle(GetVehicleRequest request, StreamObserver<GetVehicleResponse> response) {
        String name = Fields.required("name", request.getName(), 64);
        if (!name.startsWith("vehicles/")) {
            throw ApiException.invalidField("name", "must look like vehicles/{vin}");
        }
        var vehicle = fleet.get(VehicleMapper.vin("name", name.substring("vehicles/".length())));
        response.onNext(GetVehicleResponse.newBuilder().setVehicle(VehicleMapper.toProto(vehicle)).build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listVehicles(ListVehiclesRequest request, StreamObserver<ListVehiclesResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, 1000);
        long offset = PageToken.offset("page_token", request.getPageToken());
        if (!request.getSelector().isEmpty()) {
            throw io.grpc.Status.UNIMPLEMENTED.withDescription("selector: searching by attribute is not implemented yet; use vin_prefix")
                    .asRuntimeException();
        }
        var page = fleet.list(Fields.optional("vin_prefix", request.getVinPrefix(), 17), offset, size);
        var reply = ListVehiclesResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(vehicle -> reply.addVehicles(VehicleMapper.toProto(vehicle)));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed(Roles.FLEET_ADMIN)
    public void registerVehicle(RegisterVehicleRequest request, StreamObserver<RegisterVehicleResponse> response) {
        var registered = provisioning.register(VehicleMapper.vin("vin", request.getVin()),
                VehicleMapper.attributes("attributes", request.getAttributesMap()));
        response.onNext(RegisterVehicleResponse.newBuilder().setVehicle(VehicleMapper.toProto(registered.registration()))
                .setFactoryToken(registered.factoryToken()).build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed(Roles.SERVICE)
    public void listUpdateOutcomes(ListUpdateOutcomesRequest request, StreamObserver<ListUpdateOutcomesResponse> response) {
        if (request.getAfterSequence() < 0) {
            throw ApiException.invalidField("after_sequence", "must not be negative");
        }
        int size = Fields.pageSize("page_size", request.getPageSize(), 1000, 5000);
        var events = fleet.outcomesAfter(request.getAfterSequence(), size);
        var reply = ListUpdateOutcomesResponse.newBuilder()
                .setLastSequence(events.isEmpty() ? request.getAfterSequence() : events.get(events.size() - 1).sequence());
        events.forEach(event -> reply.addEvents(VehicleMapper.toProto(event)));
        response.onNext(reply.build());
        response.onCompleted();
    }
}
