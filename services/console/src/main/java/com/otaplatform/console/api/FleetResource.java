package com.otaplatform.console.api;

import com.otaplatform.console.Page;
import com.otaplatform.console.VehicleEventView;
import com.otaplatform.console.VehicleView;
import com.otaplatform.console.VersionCountView;
import com.otaplatform.console.client.FleetClient;
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

/** The fleet: vehicles by VIN prefix and attribute selector, one vehicle with its ECUs and history, versions across the fleet. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
    private static final Pattern VIN_PREFIX = Pattern.compile("[A-HJ-NPR-Z0-9]{0,17}");
    private static final Pattern ECU = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_SELECTOR = 1024;
    private static final int HISTORY_PAGE = 100;

    /** A vehicle page: the vehicle and the newest page of its update history. */
    public record VehicleDetail(VehicleView vehicle, Page<VehicleEventView> events) {
    }

    @Inject
    SignedInUser user;
    @Inject
    FleetClient fleet;

    /** Vehicles by VIN prefix and/or selector over attributes ({@code model = 'SU7' and region != 'EU'}); checkin-service checks the selector. */
    @GET
    @Path("vehicles")
    public Page<VehicleView> vehicles(@QueryParam("vinPrefix") @DefaultValue("") String vinPrefix,
                                      @QueryParam("selector") @DefaultValue("") String selector,
                                      @QueryParam("pageToken") @DefaultValue("") String pageToken) {
        String prefix = vinPrefix.strip().toUpperCase();
        if (!VIN_PREFIX.matcher(prefix).matches()) {
            throw new BadRequestException("vinPrefix: up to 17 characters A-Z (no I, O, Q) or 0-9");
        }
        return fleet.vehicles(user.credentials(), prefix, selector(selector), 50, pageToken);
    }

    @GET
    @Path("vehicles/{vin: [A-HJ-NPR-Z0-9]{17}}")
    public VehicleDetail vehicle(@PathParam("vin") String vin) {
        var credentials = user.credentials();
        return new VehicleDetail(fleet.vehicle(credentials, vin), fleet.events(credentials, vin, HISTORY_PAGE, ""));
    }

    /** Older pages of a vehicle's history. */
    @GET
    @Path("vehicles/{vin: [A-HJ-NPR-Z0-9]{17}}/events")
    public Page<VehicleEventView> events(@PathParam("vin") String vin, @QueryParam("pageToken") @DefaultValue("") String pageToken) {
        return fleet.events(user.credentials(), vin, HISTORY_PAGE, pageToken);
    }

    /** Vehicles per installed version of one ECU across the fleet, or across the vehicles a selector matches. */
    @GET
    @Path("versions")
    public List<VersionCountView> versions(@QueryParam("ecu") @DefaultValue("") String ecu,
                                           @QueryParam("selector") @DefaultValue("") String selector) {
        if (!ECU.matcher(ecu).matches()) {
            throw new BadRequestException("ecu: an ECU identifier such as adas-main is required");
        }
        return fleet.versionDistribution(user.credentials(), ecu, selector(selector));
    }

    private static String selector(String selector) {
        String s = selector.strip();
        if (s.length() > MAX_SELECTOR) {
            throw new BadRequestException("selector: at most " + MAX_SELECTOR + " characters");
        }
        return s;
    }
}
