package com.otaplatform.otactl.cli.vehicle;

import com.otaplatform.fleet.v1.UpdateVehicleAttributesRequest;
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.VehicleText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactl vehicle set-attributes VIN --attr KEY=VALUE... | --none}: replaces a vehicle's registered attributes. */
@Command(name = "set-attributes", mixinStandardHelpOptions = true,
        description = {"Replace the attributes a vehicle was registered with (otactl vehicle register --attr): they win over what"
                + " the vehicle reports at check-in, so rollout selectors see them. Needs role fleet-admin.",
                "The stored vehicle changes at once; a key no longer registered shows what the vehicle reports from its next"
                        + " check-in. A VIN never registered is not found (exit code 5)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:attributes replaced", "2:bad VIN or option", "3:not logged in", "4:not a fleet admin", "5:VIN not registered",
                "6:an attribute the server refuses (it names it)", "7:checkin-service unreachable"})
final class SetVehicleAttributesCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "VIN", converter = VinConverter.class, description = "The vehicle: its VIN or vehicles/VIN.")
    String vin;

    @Option(names = "--attr", paramLabel = "KEY=VALUE",
            description = "A registered attribute from now on (model=SU7); repeatable. The ones not given are no longer registered.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--none", description = "Register no attributes at all: the vehicle's reports alone count.")
    boolean none;

    SetVehicleAttributesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Vehicle vehicle = context.clients().fleet().updateVehicleAttributes(request()).getVehicle();
        context.out().println(output.json() ? ProtoJson.print(vehicle) : "Registered attributes of " + vehicle.getName() + ": "
                + VehicleText.attributes(vehicle) + "; they win over what the vehicle reports.");
        return 0;
    }

    /** The request, from the arguments alone (no I/O): tests check it. */
    UpdateVehicleAttributesRequest request() {
        if (attributes.isEmpty() == !none) {
            throw new CliException(ExitCode.USAGE, "Give the attributes with --attr KEY=VALUE (repeatable), or --none to register none.");
        }
        return UpdateVehicleAttributesRequest.newBuilder().setName(ResourceNames.vehicle(vin)).putAllAttributes(attributes).build();
    }
}
