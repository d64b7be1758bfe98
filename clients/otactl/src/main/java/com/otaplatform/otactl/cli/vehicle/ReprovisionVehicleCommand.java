package com.otaplatform.otactl.cli.vehicle;

import com.otaplatform.fleet.v1.ReprovisionVehicleRequest;
import com.otaplatform.fleet.v1.ReprovisionVehicleResponse;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.VehicleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code otactl vehicle reprovision VIN}: issues a registered vehicle a new one-time factory token and prints it. */
@Command(name = "reprovision", mixinStandardHelpOptions = true,
        description = {"Issue a registered vehicle a new one-time factory token, so that it provisions again: for a vehicle"
                + " refused with NO_ECU_KEYS (provisioned before ECU keys existed) or whose ECU was replaced. Needs role fleet-admin.",
                "The token replaces the vehicle's earlier one. The vehicle keeps its certificate and ECU keys until its agent"
                        + " spends the token (vehicle-agent run --reprovision --factory-token ...); from then on only the new"
                        + " certificate and ECU keys are accepted. A VIN never registered is not found (exit code 5)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:token issued", "2:bad VIN or option", "3:not logged in", "4:not a fleet admin", "5:VIN not registered",
                "7:checkin-service unreachable"})
final class ReprovisionVehicleCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "VIN", converter = VinConverter.class, description = "The vehicle: its VIN or vehicles/VIN.")
    String vin;

    ReprovisionVehicleCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ReprovisionVehicleResponse issued = context.clients().fleet().reprovisionVehicle(request());
        if (output.json()) {
            context.out().println(ProtoJson.print(issued));
        } else {
            VehicleText.reprovisioned(issued, context.out());
        }
        return 0;
    }

    /** The request, from the arguments alone (no I/O): tests check it. */
    ReprovisionVehicleRequest request() {
        return ReprovisionVehicleRequest.newBuilder().setName(ResourceNames.vehicle(vin)).build();
    }
}
