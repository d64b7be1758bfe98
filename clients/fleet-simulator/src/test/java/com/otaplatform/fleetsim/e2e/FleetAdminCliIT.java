package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.agent.cli.VehicleAgentCli;
import com.otaplatform.fleetsim.VinGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet admin at a terminal: `otactl vehicle register` prints a factory token, the vehicle's own agent
 * (its CLI, in this JVM) provisions itself with it and checks in over mutual TLS, and `otactl vehicle show|list|versions`
 * find it; who may register, a bad VIN and a VIN registered twice are refused with their exit codes; `otactl vehicle
 * reprovision` issues a new token that the agent spends with --reprovision, after which its old certificate is refused. The demo user
 * fleet-admin signs in with the password grant of the test-only client ota-test (OTACTL_USERNAME/OTACTL_PASSWORD).
 */
class FleetAdminCliIT {
    private static final Map<String, String> FLEET_ADMIN = Map.of("OTACTL_USERNAME", "fleet-admin", "OTACTL_PASSWORD", "demo-fleet-admin");
    private static final Map<String, String> VIEWER = Map.of("OTACTL_USERNAME", "viewer", "OTACTL_PASSWORD", "demo-viewer");
    private static final Pattern FACTORY_TOKEN = Pattern.compile("(?m)^factory token: (ft_\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private OtactlDriver otactl;
    private String run;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
        run = "fleet-admin-" + System.nanoTime();
    }

    @Test
    void shouldRegisterAVehicleThatProvisionsItselfWithTheTokenAndIsFoundAfterItsCheckIn() throws Exception {
        String vin = new VinGenerator(System.nanoTime()).vin(1);
        OtactlDriver.Result registered = otactl.run(FLEET_ADMIN, "vehicle", "register", vin, "--attr", "model=SU7", "--attr", "e2e-run=" + run);
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("vehicle-agent run --vin " + vin + " --factory-token ");
        Matcher token = FACTORY_TOKEN.matcher(registered.out());
        assertThat(token.find()).as(registered.out()).isTrue();

        // the vehicle claims another model: the attributes it was registered with win, the others it reports are kept
        int provisioned = agent(vin, token.group(1), work.resolve("vehicle"), "--attr", "model=SU9", "--attr", "color=red");
        assertThat(provisioned).as("vehicle-agent run exit code (0: provisioned and checked in)").isZero();
        // the token bought one certificate: a second key pair with the same token is refused
        assertThat(agent(vin, token.group(1), work.resolve("impostor"))).as("vehicle-agent run with a spent token").isEqualTo(4);

        JsonNode shown = json(otactl.run(FLEET_ADMIN, "vehicle", "show", vin, "--output", "json"));
        assertThat(shown.get("name").asText()).isEqualTo("vehicles/" + vin);
        assertThat(shown.get("attributes")).isEqualTo(JSON.valueToTree(Map.of("model", "SU7", "e2e-run", run, "color", "red")));
        assertThat(shown.get("ecus")).singleElement().satisfies(ecu -> {
            assertThat(ecu.get("ecuSerial").asText()).isEqualTo("ADAS-" + vin.substring(11));
            assertThat(ecu.get("ecu").asText()).isEqualTo("adas-main");
            assertThat(ecu.get("hardwareId").asText()).isEqualTo("adas-v3");
            assertThat(ecu.path("primary").asBoolean()).as("the agent's only ECU is its primary").isTrue();
        });
        assertThat(shown.get("lastSeenTime").asText()).isNotEmpty();
        assertThat(shown.get("events")).isEmpty();

        String selector = "e2e-run = '" + run + "' and model = 'SU7'";
        JsonNode listed = json(otactl.run(VIEWER, "vehicle", "list", "--select", selector, "--output", "json"));
        assertThat(listed).extracting(v -> v.get("vin").asText()).containsExactly(vin);
        OtactlDriver.Result table = otactl.run(VIEWER, "vehicle", "list", "--vin-prefix", vin.substring(0, 12));
        assertThat(table.out()).as(table.err()).containsPattern("(?m)^" + vin + "\\s+color=red, e2e-run=" + run + ", model=SU7\\s+adas-main -\\s+\\d{4}-");

        // a fresh ECU reports no version yet: the server counts it under the empty version
        JsonNode versions = json(otactl.run(VIEWER, "vehicle", "versions", "--ecu", "adas-main", "--select", selector, "--output", "json"));
        assertThat(versions.get("versions")).singleElement().satisfies(count -> {
            assertThat(count.get("version").asText()).isEmpty();
            assertThat(count.get("vehicles").asText()).isEqualTo("1");
        });
        OtactlDriver.Result distribution = otactl.run(VIEWER, "vehicle", "versions", "--ecu", "adas-main", "--select", selector);
        assertThat(distribution.out()).startsWith("1 vehicle reports ECU adas-main:").containsPattern("(?m)^\\(none\\)\\s+1\\s+100\\.0%\\s+#{20}$");

        OtactlDriver.Result history = otactl.run(VIEWER, "vehicle", "history", vin);
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out()).isEqualTo("No update events for vehicles/" + vin + ".\n");
    }

    @Test
    void shouldRefuseRegistrationWithoutFleetAdminABadVinAndAVinRegisteredAlready() throws Exception {
        String vin = new VinGenerator(System.nanoTime()).vin(2);
        OtactlDriver.Result viewer = otactl.run(VIEWER, "vehicle", "register", vin);
        assertThat(viewer.exitCode()).as(viewer.err()).isEqualTo(4);
        assertThat(viewer.err()).containsIgnoringCase("permission denied");
        OtactlDriver.Result ci = otactl.run(OtactlDriver.CI, "vehicle", "register", vin);
        assertThat(ci.exitCode()).as("the CI client (release-engineer, operator): %s", ci.err()).isEqualTo(4);

        OtactlDriver.Result badVin = otactl.run(FLEET_ADMIN, "vehicle", "register", "LSJA24U67MS00000I");
        assertThat(badVin.exitCode()).as(badVin.err()).isEqualTo(2);
        assertThat(badVin.err()).contains("VIN").contains("no I, O, Q");

        JsonNode first = json(otactl.run(FLEET_ADMIN, "vehicle", "register", vin, "--attr", "e2e-run=" + run, "--output", "json"));
        assertThat(first.get("factoryToken").asText()).startsWith("ft_");
        assertThat(first.at("/vehicle/vin").asText()).isEqualTo(vin);
        // checkin-service refuses a second registration of a VIN with other attributes (ALREADY_EXISTS): the first token stays the only one
        OtactlDriver.Result twice = otactl.run(FLEET_ADMIN, "vehicle", "register", vin, "--attr", "e2e-run=other");
        assertThat(twice.exitCode()).as(twice.err()).isEqualTo(8);
        assertThat(twice.err()).contains("vehicles/" + vin + " is registered already");
        assertThat(twice.out()).doesNotContain("ft_");

        // registered but never checked in: not in the fleet yet
        assertThat(otactl.run(VIEWER, "vehicle", "show", vin).exitCode()).isEqualTo(5);
    }

    @Test
    void shouldReprovisionAVehicleWhoseOldCertificateIsThenRefused() throws Exception {
        String vin = new VinGenerator(System.nanoTime()).vin(3);
        Matcher token = FACTORY_TOKEN.matcher(otactl.run(FLEET_ADMIN, "vehicle", "register", vin, "--attr", "model=SU7",
                "--attr", "e2e-run=" + run).out());
        assertThat(token.find()).isTrue();
        Path vehicle = work.resolve("vehicle");
        assertThat(agent(vin, token.group(1), vehicle)).as("provisioned and checked in").isZero();
        Path old = Files.createDirectories(work.resolve("old-identity"));
        copyTree(vehicle, old);

        assertThat(otactl.run(VIEWER, "vehicle", "reprovision", vin).exitCode()).as("a viewer").isEqualTo(4);
        assertThat(otactl.run(FLEET_ADMIN, "vehicle", "reprovision", new VinGenerator(System.nanoTime()).vin(4)).exitCode())
                .as("a VIN never registered").isEqualTo(5);
        OtactlDriver.Result reprovisioned = otactl.run(FLEET_ADMIN, "vehicle", "reprovision", vin);
        assertThat(reprovisioned.exitCode()).as(reprovisioned.err()).isZero();
        assertThat(reprovisioned.out()).contains("vehicle-agent run --reprovision --vin " + vin + " --factory-token ");
        Matcher newToken = FACTORY_TOKEN.matcher(reprovisioned.out());
        assertThat(newToken.find()).isTrue();
        // until the vehicle spends the new token, its certificate keeps working
        assertThat(agent(vin, null, old)).as("check-in before re-provisioning").isZero();

        assertThat(agent(vin, newToken.group(1), vehicle, "--reprovision")).as("re-provisioned and checked in").isZero();
        assertThat(agent(vin, null, vehicle)).as("check-in with the new certificate").isZero();
        assertThat(agent(vin, null, old)).as("check-in with the old certificate (exit 1: check-in failed)").isEqualTo(1);
        assertThat(agent(vin, newToken.group(1), vehicle, "--reprovision")).as("the spent token again").isEqualTo(4);
        assertThat(agent(vin, null, vehicle)).as("the new certificate stays").isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The vehicle agent's CLI, one cycle: provisions with {@code factoryToken} (when not null) when {@code stateDir} has no
     * certificate or {@code options} say --reprovision, then checks in.
     */
    private int agent(String vin, String factoryToken, Path stateDir, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--endpoint", "127.0.0.1:" + PlatformProcesses.vehiclePort(PlatformProcesses.CHECKIN_PORT),
                "--server-ca", PlatformProcesses.serverTls().resolve("server.crt").toString(),
                "--vin", vin, "--state-dir", stateDir.toString(), "--ecu", "ADAS-" + vin.substring(11) + ":adas-main:adas-v3",
                "--attr", "model=SU7", "--attr", "e2e-run=" + run,
                "--once"));
        if (factoryToken != null) {
            args.addAll(List.of("--factory-token", factoryToken));
        }
        args.addAll(List.of(options));
        return VehicleAgentCli.run(args.toArray(String[]::new));
    }

    private static JsonNode json(OtactlDriver.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }
}
