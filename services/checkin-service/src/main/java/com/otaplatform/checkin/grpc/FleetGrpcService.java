package com.otaplatform.checkin.grpc;

import com.otaplatform.checkin.FleetManagement;
import com.otaplatform.checkin.RolloutReachEstimate;
import com.otaplatform.checkin.mapping.ReachMapper;
import com.otaplatform.checkin.VehicleProvisioning;
import com.otaplatform.checkin.mapping.VehicleMapper;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Fields;
import com.otaplatform.common.PageToken;
import com.otaplatform.common.Roles;
import com.otaplatform.common.Selector;
import com.otaplatform.fleet.v1.EstimateRolloutReachRequest;
import com.otaplatform.fleet.v1.EstimateRolloutReachResponse;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.GetVehicleResponse;
import com.otaplatform.fleet.v1.GetVersionDistributionRequest;
import com.otaplatform.fleet.v1.GetVersionDistributionResponse;
import com.otaplatform.fleet.v1.ListUpdateOutcomesRequest;
import com.otaplatform.fleet.v1.ListUpdateOutcomesResponse;
import com.otaplatform.fleet.v1.ListVehicleEventsRequest;
import com.otaplatform.fleet.v1.ListVehicleEventsResponse;
import com.otaplatform.fleet.v1.ListVehiclesRequest;
import com.otaplatform.fleet.v1.ListVehiclesResponse;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.fleet.v1.RegisterVehicleResponse;
import com.otaplatform.fleet.v1.ReprovisionVehicleRequest;
import com.otaplatform.fleet.v1.ReprovisionVehicleResponse;
import com.otaplatform.fleet.v1.UpdateVehicleAttributesRequest;
import com.otaplatform.fleet.v1.UpdateVehicleAttributesResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
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
    RolloutReachEstimate reach;
    @Inject
    VehicleProvisioning provisioning;
    @Inject
    SecurityIdentity identity;

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void getVehicle(GetVehicleRequest request, StreamObserver<GetVehicleResponse> response) {
        var vehicle = fleet.get(vinOf(request.getName()));
        response.onNext(GetVehicleResponse.newBuilder().setVehicle(VehicleMapper.toProto(vehicle)).build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listVehicles(ListVehiclesRequest request, StreamObserver<ListVehiclesResponse> response) {
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, 1000);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = fleet.search(Fields.optional("vin_prefix", request.getVinPrefix(), 17),
                Selector.parse("selector", request.getSelector()), offset, size);
        var reply = ListVehiclesResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(vehicle -> reply.addVehicles(VehicleMapper.toProto(vehicle)));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void listVehicleEvents(ListVehicleEventsRequest request, StreamObserver<ListVehicleEventsResponse> response) {
        String vin = vinOf(request.getName());
        int size = Fields.pageSize("page_size", request.getPageSize(), 100, 1000);
        long offset = PageToken.offset("page_token", request.getPageToken());
        var page = fleet.history(vin, offset, size);
        var reply = ListVehicleEventsResponse.newBuilder().setNextPageToken(PageToken.next(offset, page.size(), size));
        page.forEach(event -> reply.addEvents(VehicleMapper.toProto(event)));
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.FLEET_ADMIN})
    public void getVersionDistribution(GetVersionDistributionRequest request, StreamObserver<GetVersionDistributionResponse> response) {
        var counts = fleet.versionDistribution(Fields.identifier("ecu", request.getEcu(), 64), Selector.parse("selector", request.getSelector()));
        var reply = GetVersionDistributionResponse.newBuilder();
        counts.forEach(count -> reply.addVersions(VehicleMapper.toProto(count)));
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
    @RolesAllowed(Roles.FLEET_ADMIN)
    public void reprovisionVehicle(ReprovisionVehicleRequest request, StreamObserver<ReprovisionVehicleResponse> response) {
        var issued = provisioning.reprovision(vinOf(request.getName()), identity.getPrincipal().getName());
        response.onNext(ReprovisionVehicleResponse.newBuilder().setVehicle(VehicleMapper.toProto(issued.registration()))
                .setFactoryToken(issued.factoryToken()).build());
        response.onCompleted();
    }

    @Override
    @RolesAllowed(Roles.FLEET_ADMIN)
    public void updateVehicleAttributes(UpdateVehicleAttributesRequest request, StreamObserver<UpdateVehicleAttributesResponse> response) {
        var registration = provisioning.updateAttributes(vinOf(request.getName()),
                VehicleMapper.attributes("attributes", request.getAttributesMap()), identity.getPrincipal().getName());
        response.onNext(UpdateVehicleAttributesResponse.newBuilder().setVehicle(VehicleMapper.toProto(registration)).build());
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

    @Override
    @RolesAllowed(Roles.SERVICE)
    public void estimateRolloutReach(EstimateRolloutReachRequest request, StreamObserver<EstimateRolloutReachResponse> response) {
        response.onNext(ReachMapper.toProto(reach.estimate(ReachMapper.toRollout(request))));
        response.onCompleted();
    }

    private static String vinOf(String name) {
        String value = Fields.required("name", name, 64);
        if (!value.startsWith("vehicles/")) {
            throw ApiException.invalidField("name", "must look like vehicles/{vin}");
        }
        return VehicleMapper.vin("name", value.substring("vehicles/".length()));
    }
}
