package com.otaplatform.otactl.cli.vehicle;

import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.fleet.v1.RegisterVehicleResponse;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.VehicleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code otactl vehicle register VIN [--attr KEY=VALUE]...}: registers a vehicle and prints its one-time factory token. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register a vehicle before it is provisioned and print its one-time factory token. Needs role fleet-admin.",
                "The vehicle's agent spends the token once, on its first run (vehicle-agent run --factory-token ...), to get"
                        + " its client certificate. A VIN registered already is refused (exit code 8)."})
final class RegisterVehicleCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "VIN", converter = VinConverter.class,
            description = "The vehicle identification number: 17 characters A-Z (no I, O, Q) or 0-9.")
    String vin;

    @Option(names = "--attr", paramLabel = "KEY=VALUE",
            description = "A targeting attribute that rollout selectors match (model=SU7); repeatable.")
    Map<String, String> attributes = new LinkedHashMap<>();

    RegisterVehicleCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        RegisterVehicleResponse registered = context.clients().fleet().registerVehicle(request());
        if (output.json()) {
            context.out().println(ProtoJson.print(registered));
        } else {
            VehicleText.registered(registered, context.out());
        }
        return 0;
    }

    /** The request, from the arguments alone (no I/O): tests check it. */
    RegisterVehicleRequest request() {
        return RegisterVehicleRequest.newBuilder().setVin(vin).putAllAttributes(attributes).build();
    }
}
