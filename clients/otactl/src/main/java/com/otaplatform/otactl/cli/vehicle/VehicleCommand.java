package com.otaplatform.otactl.cli.vehicle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.GetVersionDistributionRequest;
import com.otaplatform.fleet.v1.GetVersionDistributionResponse;
import com.otaplatform.fleet.v1.ListVehicleEventsRequest;
import com.otaplatform.fleet.v1.ListVehicleEventsResponse;
import com.otaplatform.fleet.v1.ListVehiclesRequest;
import com.otaplatform.fleet.v1.ListVehiclesResponse;
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.GroupCommand;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.Pages;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.VehicleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code otactl vehicle register|reprovision|set-attributes|list|show|history|versions}. */
@Command(name = "vehicle", mixinStandardHelpOptions = true,
        description = {"Register and re-provision vehicles, set their registered attributes, find them by VIN or attribute, and show their ECUs, versions and update history.",
                "Registering and re-provisioning need role fleet-admin; reading needs any platform role."},
        subcommands = {RegisterVehicleCommand.class, ReprovisionVehicleCommand.class, SetVehicleAttributesCommand.class, VehicleCommand.ListVehicles.class, VehicleCommand.ShowVehicle.class,
                VehicleCommand.History.class, VehicleCommand.Versions.class})
public final class VehicleCommand extends GroupCommand {
    /** How many update events {@code vehicle show} lists. */
    static final int LATEST_EVENTS = 10;

    /** {@code --limit}, checked before any call. */
    static long limit(CommandSpec spec, long limit) {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit + ".");
        }
        return limit;
    }

    /** {@code otactl vehicle list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List vehicles by VIN, with their attributes, ECU versions and last check-in.")
    static final class ListVehicles implements Callable<Integer> {
        private final CliContext context;

        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        @Option(names = "--vin-prefix", paramLabel = "P", defaultValue = "", description = "Only vehicles whose VIN starts with this.")
        String vinPrefix;

        @Option(names = "--select", paramLabel = "EXPR", defaultValue = "",
                description = "Only vehicles this selector selects in the rollout selector language, such as \"model = 'SU7' and region != 'EU'\".")
        String selector;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        long limit;

        ListVehicles(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            long max = limit(spec, limit);
            FleetServiceGrpc.FleetServiceBlockingStub stub = context.clients().fleet();
            List<Vehicle> shown = Pages.read(max, (size, token) -> {
                ListVehiclesResponse page = stub.listVehicles(ListVehiclesRequest.newBuilder().setPageSize(size).setPageToken(token)
                        .setVinPrefix(vinPrefix).setSelector(selector).build());
                return new Pages.Page<>(page.getVehiclesList(), page.getNextPageToken());
            });
            if (output.json()) {
                context.out().println(ProtoJson.array(shown));
            } else if (shown.isEmpty()) {
                context.out().println("No vehicles" + (vinPrefix.isEmpty() && selector.isEmpty() ? "" : " match") + ".");
            } else {
                VehicleText.table(shown, context.out());
            }
            return 0;
        }
    }

    /** {@code otactl vehicle show VIN}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show a vehicle: its attributes, its ECUs with their installed versions, and its " + LATEST_EVENTS
                    + " latest update events.", "With --output json: the Vehicle plus a member \"events\" (newest first)."})
    static final class ShowVehicle implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "VIN", converter = VinConverter.class, description = "The vehicle: its VIN or vehicles/VIN.")
        String vin;

        ShowVehicle(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            FleetServiceGrpc.FleetServiceBlockingStub stub = context.clients().fleet();
            String name = ResourceNames.vehicle(vin);
            Vehicle vehicle = stub.getVehicle(GetVehicleRequest.newBuilder().setName(name).build()).getVehicle();
            ListVehicleEventsResponse latest = stub.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName(name)
                    .setPageSize(LATEST_EVENTS).build());
            if (output.json()) {
                ObjectNode json = (ObjectNode) ProtoJson.tree(vehicle);
                ArrayNode events = json.putArray("events");
                latest.getEventsList().forEach(e -> events.add(ProtoJson.tree(e)));
                context.out().println(ProtoJson.write(json));
            } else {
                VehicleText.details(vehicle, latest.getEventsList(), !latest.getNextPageToken().isEmpty(), context.out());
            }
            return 0;
        }
    }

    /** {@code otactl vehicle history VIN}. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List a vehicle's update events, newest first: phase, rollout, ECU, error code and message.")
    static final class History implements Callable<Integer> {
        private final CliContext context;

        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "VIN", converter = VinConverter.class, description = "The vehicle: its VIN or vehicles/VIN.")
        String vin;

        @Option(names = "--limit", paramLabel = "N", description = "At most the N newest events (default: all).")
        Long limit;

        History(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            long max = limit == null ? Long.MAX_VALUE : limit(spec, limit);
            FleetServiceGrpc.FleetServiceBlockingStub stub = context.clients().fleet();
            String name = ResourceNames.vehicle(vin);
            List<VehicleEvent> events = Pages.read(max, (size, token) -> {
                ListVehicleEventsResponse page = stub.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName(name)
                        .setPageSize(size).setPageToken(token).build());
                return new Pages.Page<>(page.getEventsList(), page.getNextPageToken());
            });
            if (output.json()) {
                context.out().println(ProtoJson.array(events));
            } else if (events.isEmpty()) {
                context.out().println("No update events for " + name + ".");
            } else {
                VehicleText.events(events, "", context.out());
            }
            return 0;
        }
    }

    /** {@code otactl vehicle versions --ecu ECU}. */
    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = "Count the vehicles per installed version of one ECU, most common first, with each version's share.")
    static final class Versions implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Option(names = "--ecu", required = true, description = "The ECU, for example adas-main.")
        String ecu;

        @Option(names = "--select", paramLabel = "EXPR", defaultValue = "",
                description = "Count only the vehicles this selector selects, such as \"region = 'EU'\".")
        String selector;

        Versions(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            GetVersionDistributionResponse distribution = context.clients().fleet().getVersionDistribution(
                    GetVersionDistributionRequest.newBuilder().setEcu(ecu).setSelector(selector).build());
            if (output.json()) {
                context.out().println(ProtoJson.print(distribution));
            } else if (distribution.getVersionsList().isEmpty()) {
                context.out().println("No vehicle" + (selector.isEmpty() ? "" : " selected") + " has ECU " + ecu + ".");
            } else {
                VehicleText.versions(ecu, distribution.getVersionsList(), context.out());
            }
            return 0;
        }
    }
}
