package com.otaplatform.console.client;

import com.otaplatform.console.Page;
import com.otaplatform.console.VehicleEventView;
import com.otaplatform.console.VehicleView;
import com.otaplatform.console.VersionCountView;
import com.otaplatform.console.config.ConsoleConfig;
import com.otaplatform.console.mapping.ViewMapper;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.GetVersionDistributionRequest;
import com.otaplatform.fleet.v1.ListVehicleEventsRequest;
import com.otaplatform.fleet.v1.ListVehiclesRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** checkin-service's FleetService, called as the signed-in user. */
@ApplicationScoped
public class FleetClient {
    static final String SERVICE = "checkin-service";

    private final ServiceChannels channels;
    private final ConsoleConfig config;

    FleetClient(ServiceChannels channels, ConsoleConfig config) {
        this.channels = channels;
        this.config = config;
    }

    private FleetServiceGrpc.FleetServiceBlockingStub stub(UserCredentials user) {
        return FleetServiceGrpc.newBlockingStub(channels.fleet()).withCallCredentials(user)
                .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One page of vehicles whose VIN starts with {@code vinPrefix} and whose attributes match {@code selector} (either may be empty). */
    public Page<VehicleView> vehicles(UserCredentials user, String vinPrefix, String selector, int pageSize, String pageToken) {
        return Calls.call(SERVICE, () -> {
            var response = stub(user).listVehicles(ListVehiclesRequest.newBuilder().setVinPrefix(vinPrefix).setSelector(selector)
                    .setPageSize(pageSize).setPageToken(pageToken).build());
            return new Page<>(response.getVehiclesList().stream().map(ViewMapper::toView).toList(), response.getNextPageToken());
        });
    }

    public VehicleView vehicle(UserCredentials user, String vin) {
        return Calls.call(SERVICE, () -> ViewMapper.toView(
                stub(user).getVehicle(GetVehicleRequest.newBuilder().setName("vehicles/" + vin).build()).getVehicle()));
    }

    /** One page of a vehicle's update history, newest first. */
    public Page<VehicleEventView> events(UserCredentials user, String vin, int pageSize, String pageToken) {
        return Calls.call(SERVICE, () -> {
            var response = stub(user).listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName("vehicles/" + vin)
                    .setPageSize(pageSize).setPageToken(pageToken).build());
            return new Page<>(response.getEventsList().stream().map(ViewMapper::toView).toList(), response.getNextPageToken());
        });
    }

    /** Vehicles per installed version of {@code ecu}, over the vehicles {@code selector} matches (every vehicle when empty), most common first. */
    public List<VersionCountView> versionDistribution(UserCredentials user, String ecu, String selector) {
        return Calls.call(SERVICE, () -> stub(user).getVersionDistribution(GetVersionDistributionRequest.newBuilder()
                .setEcu(ecu).setSelector(selector).build()).getVersionsList().stream().map(ViewMapper::toView).toList());
    }
}
