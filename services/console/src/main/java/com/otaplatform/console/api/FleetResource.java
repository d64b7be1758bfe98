package com.otaplatform.console.api;

import com.otaplatform.console.Page;
import com.otaplatform.console.VehicleEventView;
import com.otaplatform.console.VehicleView;
import com.otaplatform.console.VersionCountView;
import com.otaplatform.console.client.FleetClient;
import com.otaplatform.console.client.ServiceCallException;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;

/** The fleet: vehicles by VIN prefix, one vehicle with its ECUs and history, versions across the fleet. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
    private static final Pattern VIN_PREFIX = Pattern.compile("[A-HJ-NPR-Z0-9]{0,17}");
    private static final Pattern ECU = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** A vehicle page; the history is null with a reason when checkin-service cannot give it yet. */
    public record VehicleDetail(VehicleView vehicle, List<VehicleEventView> events, ApiError eventsUnavailable) {
    }

    @Inject
    SignedInUser user;
    @Inject
    FleetClient fleet;

    @GET
    @Path("vehicles")
    public Page<VehicleView> vehicles(@QueryParam("vinPrefix") @DefaultValue("") String vinPrefix,
                                      @QueryParam("pageToken") @DefaultValue("") String pageToken) {
        String prefix = vinPrefix.strip().toUpperCase();
        if (!VIN_PREFIX.matcher(prefix).matches()) {
            throw new BadRequestException("vinPrefix: up to 17 characters A-Z (no I, O, Q) or 0-9");
        }
        return fleet.vehicles(user.credentials(), prefix, 50, pageToken);
    }

    @GET
    @Path("vehicles/{vin: [A-HJ-NPR-Z0-9]{17}}")
    public VehicleDetail vehicle(@PathParam("vin") String vin) {
        var credentials = user.credentials();
        VehicleView vehicle = fleet.vehicle(credentials, vin);
        try {
            return new VehicleDetail(vehicle, fleet.events(credentials, vin), null);
        } catch (ServiceCallException e) {
            // the history RPC may not be built yet: show the vehicle anyway and say why the history is missing
            return new VehicleDetail(vehicle, null, new ApiError(ServiceCallExceptionMapper.httpStatus(e.code()), e.code(), e.service(), e.getMessage()));
        }
    }

    @GET
    @Path("versions")
    public List<VersionCountView> versions(@QueryParam("ecu") @DefaultValue("") String ecu) {
        if (!ECU.matcher(ecu).matches()) {
            throw new BadRequestException("ecu: an ECU identifier such as adas-main is required");
        }
        return fleet.versionDistribution(user.credentials(), ecu);
    }
}
