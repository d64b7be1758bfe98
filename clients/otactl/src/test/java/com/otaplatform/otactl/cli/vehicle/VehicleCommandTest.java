package com.otaplatform.otactl.cli.vehicle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.otaplatform.fleet.v1.Ecu;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.GetVehicleResponse;
import com.otaplatform.fleet.v1.GetVersionDistributionRequest;
import com.otaplatform.fleet.v1.GetVersionDistributionResponse;
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
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.fleet.v1.VersionCount;
import com.otaplatform.otactl.OtactlRunner;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code otactl vehicle ...} against a real gRPC FleetService on a random loopback port that records what it is asked. */
class VehicleCommandTest {
    private static final String DEFAULT_VIN = "LSJA24U67MS000001";
    private static final String DEFAULT_TOKEN = "ft_" + "x".repeat(43);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dir;

    final List<Message> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<Vehicle> fleet = new ArrayList<>();
    final List<VehicleEvent> history = new ArrayList<>();
    volatile Status failure;
    Server server;

    static Vehicle createDefaultVehicle(String vin) {
        return Vehicle.newBuilder().setName("vehicles/" + vin).setVin(vin).putAttributes("model", "SU7").putAttributes("region", "EU")
                .addEcus(Ecu.newBuilder().setEcuSerial("ADAS-0001").setEcu("adas-main").setHardwareId("adas-v3")
                        .setInstalledVersion("2.4.1").setInstalledTarget("adas-main-2.4.1.img").setPrimary(true))
                .setLastSeenTime(Timestamp.newBuilder().setSeconds(1_767_225_600)).build();
    }

    static VehicleEvent event(int sequence, UpdatePhase phase) {
        return VehicleEvent.newBuilder().setSequence(sequence).setVin(DEFAULT_VIN).setEvent(StatusEvent.newBuilder()
                .setEventId("e" + sequence).setRollout("rollouts/r1").setPhase(phase).setOccurTime(Timestamp.newBuilder().setSeconds(1_767_225_600L + sequence)))
                .build();
    }

    @BeforeEach
    void start() throws Exception {
        IntStream.range(0, 5).forEach(i -> fleet.add(createDefaultVehicle("LSJA24U67MS00000" + i)));
        IntStream.range(0, 25).forEach(i -> history.add(event(25 - i, UpdatePhase.UPDATE_PHASE_DOWNLOADING)));
        FleetServiceGrpc.FleetServiceImplBase service = new FleetServiceGrpc.FleetServiceImplBase() {
            @Override
            public void registerVehicle(RegisterVehicleRequest request, StreamObserver<RegisterVehicleResponse> responses) {
                answer(request, responses, () -> RegisterVehicleResponse.newBuilder().setFactoryToken(DEFAULT_TOKEN)
                        .setVehicle(Vehicle.newBuilder().setName("vehicles/" + request.getVin()).setVin(request.getVin())
                                .putAllAttributes(request.getAttributesMap())).build());
            }

            @Override
            public void reprovisionVehicle(ReprovisionVehicleRequest request, StreamObserver<ReprovisionVehicleResponse> responses) {
                answer(request, responses, () -> ReprovisionVehicleResponse.newBuilder().setFactoryToken(DEFAULT_TOKEN)
                        .setVehicle(createDefaultVehicle(request.getName().substring("vehicles/".length()))).build());
            }

            @Override
            public void updateVehicleAttributes(UpdateVehicleAttributesRequest request, StreamObserver<UpdateVehicleAttributesResponse> responses) {
                answer(request, responses, () -> UpdateVehicleAttributesResponse.newBuilder().setVehicle(Vehicle.newBuilder()
                        .setName(request.getName()).setVin(request.getName().substring("vehicles/".length()))
                        .putAllAttributes(request.getAttributesMap())).build());
            }

            @Override
            public void listVehicles(ListVehiclesRequest request, StreamObserver<ListVehiclesResponse> responses) {
                int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
                int to = Math.min(fleet.size(), from + Math.min(2, request.getPageSize()));
                answer(request, responses, () -> ListVehiclesResponse.newBuilder().addAllVehicles(fleet.subList(from, to))
                        .setNextPageToken(to < fleet.size() ? String.valueOf(to) : "").build());
            }

            @Override
            public void getVehicle(GetVehicleRequest request, StreamObserver<GetVehicleResponse> responses) {
                answer(request, responses, () -> GetVehicleResponse.newBuilder().setVehicle(createDefaultVehicle(DEFAULT_VIN)).build());
            }

            @Override
            public void listVehicleEvents(ListVehicleEventsRequest request, StreamObserver<ListVehicleEventsResponse> responses) {
                int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
                int to = Math.min(history.size(), from + request.getPageSize());
                answer(request, responses, () -> ListVehicleEventsResponse.newBuilder().addAllEvents(history.subList(from, to))
                        .setNextPageToken(to < history.size() ? String.valueOf(to) : "").build());
            }

            @Override
            public void getVersionDistribution(GetVersionDistributionRequest request, StreamObserver<GetVersionDistributionResponse> responses) {
                answer(request, responses, () -> GetVersionDistributionResponse.newBuilder()
                        .addVersions(VersionCount.newBuilder().setVersion("2.4.1").setVehicles(3))
                        .addVersions(VersionCount.newBuilder().setVersion("2.4.0").setVehicles(1)).build());
            }
        };
        ServerInterceptor recordAuthorization = new ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, Metadata headers,
                    io.grpc.ServerCallHandler<Q, A> next) {
                authorizations.add(headers.get(AUTHORIZATION));
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recordAuthorization)).build().start();
    }

    private <T> void answer(Message request, StreamObserver<T> responses, java.util.function.Supplier<T> reply) {
        requests.add(request);
        if (failure != null) {
            responses.onError(failure.asRuntimeException());
            return;
        }
        responses.onNext(reply.get());
        responses.onCompleted();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private OtactlRunner otactl() {
        return new OtactlRunner(dir.resolve("config")).env("OTACTL_TOKEN", "test-token")
                .env("OTACTL_FLEET_ENDPOINT", "127.0.0.1:" + server.getPort());
    }

    private <T extends Message> List<T> requestsOf(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void shouldRegisterWithAttributesAndPrintTheTokenAndTheAgentsProvisioningCommand() {
        OtactlRunner.Result r = otactl().run("vehicle", "register", DEFAULT_VIN, "--attr", "model=SU7", "--attr", "region=EU");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(requestsOf(RegisterVehicleRequest.class)).singleElement().satisfies(req -> {
            assertThat(req.getVin()).isEqualTo(DEFAULT_VIN);
            assertThat(req.getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of("model", "SU7", "region", "EU"));
        });
        assertThat(authorizations).containsExactly("Bearer test-token");
        assertThat(r.out()).startsWith("Registered vehicles/" + DEFAULT_VIN + " (model=SU7, region=EU).")
                .contains("factory token: " + DEFAULT_TOKEN)
                .contains("vehicle-agent run --vin " + DEFAULT_VIN + " --factory-token " + DEFAULT_TOKEN)
                .contains("shown only this once");
    }

    @Test
    void shouldPrintTheRegisterResponseAsJson() throws Exception {
        OtactlRunner.Result r = otactl().run("vehicle", "register", DEFAULT_VIN, "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("factoryToken").asText()).isEqualTo(DEFAULT_TOKEN);
        assertThat(json.at("/vehicle/vin").asText()).isEqualTo(DEFAULT_VIN);
    }

    @Test
    void shouldReprovisionAVehicleAndPrintTheTokenAndTheAgentsReprovisioningCommand() {
        OtactlRunner.Result r = otactl().run("vehicle", "reprovision", "vehicles/" + DEFAULT_VIN);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(requestsOf(ReprovisionVehicleRequest.class)).extracting(ReprovisionVehicleRequest::getName)
                .containsExactly("vehicles/" + DEFAULT_VIN);
        assertThat(authorizations).containsExactly("Bearer test-token");
        assertThat(r.out()).startsWith("Issued vehicles/" + DEFAULT_VIN + " (model=SU7, region=EU) a new factory token.")
                .contains("factory token: " + DEFAULT_TOKEN)
                .contains("vehicle-agent run --reprovision --vin " + DEFAULT_VIN + " --factory-token " + DEFAULT_TOKEN)
                .contains("shown only this once").contains("old certificate and ECU keys are refused");
    }

    @Test
    void shouldReplaceTheRegisteredAttributesAndRefuseACallThatGivesNoneWithoutNone() throws Exception {
        OtactlRunner.Result r = otactl().run("vehicle", "set-attributes", DEFAULT_VIN, "--attr", "region=CN", "--attr", "model=SU7");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Registered attributes of vehicles/" + DEFAULT_VIN
                + ": model=SU7, region=CN; they win over what the vehicle reports.\n");
        assertThat(requestsOf(UpdateVehicleAttributesRequest.class)).singleElement()
                .satisfies(request -> assertThat(request.getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "CN", "model", "SU7")));

        JsonNode cleared = new ObjectMapper().readTree(otactl().run("vehicle", "set-attributes", DEFAULT_VIN, "--none", "--output", "json").out());
        assertThat(cleared.get("name").asText()).isEqualTo("vehicles/" + DEFAULT_VIN);
        assertThat(cleared.path("attributes").size()).as("no registered attributes").isZero();

        for (String[] args : new String[][] {{"vehicle", "set-attributes", DEFAULT_VIN}, {"vehicle", "set-attributes", DEFAULT_VIN, "--none",
                "--attr", "region=CN"}}) {
            OtactlRunner.Result refused = otactl().run(args);
            assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).contains("--attr KEY=VALUE").contains("--none");
        }
        assertThat(requestsOf(UpdateVehicleAttributesRequest.class)).as("nothing sent for the refused ones").hasSize(2);
        assertRefusal(Status.NOT_FOUND.withDescription("vehicles/" + DEFAULT_VIN + " not found"), ExitCode.NOT_FOUND, "not found",
                "vehicle", "set-attributes", DEFAULT_VIN, "--attr", "region=CN");
    }

    @Test
    void shouldPrintTheReprovisionResponseAsJsonAndMapItsRefusalsToExitCodes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(otactl().run("vehicle", "reprovision", DEFAULT_VIN, "--output", "json").out());
        assertThat(json.get("factoryToken").asText()).isEqualTo(DEFAULT_TOKEN);
        assertThat(json.at("/vehicle/name").asText()).isEqualTo("vehicles/" + DEFAULT_VIN);

        OtactlRunner.Result badVin = otactl().run("vehicle", "reprovision", "LSJA24U67MS00000O");
        assertThat(badVin.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badVin.err()).contains("is not a VIN").contains("otactl vehicle reprovision --help");
        assertRefusal(Status.NOT_FOUND.withDescription("vehicles/" + DEFAULT_VIN + " not found"), ExitCode.NOT_FOUND, "not found",
                "vehicle", "reprovision", DEFAULT_VIN);
        assertRefusal(Status.PERMISSION_DENIED.withDescription("requires role fleet-admin"), ExitCode.PERMISSION_DENIED,
                "This needs role fleet-admin", "vehicle", "reprovision", DEFAULT_VIN);
        assertRefusal(Status.UNAUTHENTICATED.withDescription("token expired"), ExitCode.NOT_AUTHENTICATED, "otactl login",
                "vehicle", "reprovision", DEFAULT_VIN);
        assertThat(requestsOf(ReprovisionVehicleRequest.class)).hasSize(4);

        OtactlRunner.Result help = otactl().run("vehicle", "reprovision", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("NO_ECU_KEYS").contains("fleet-admin").contains("Exit codes:").contains("VIN not registered");
    }

    @Test
    void shouldRefuseABadVinBeforeAnyCall() {
        for (String bad : List.of("LSJA24U67MS00000", "LSJA24U67MS0000012", "LSJA24U67MS00000O", "lsja24u67ms000001")) {
            OtactlRunner.Result r = otactl().run("vehicle", "register", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("VIN").contains("'" + bad + "' is not a VIN").contains("otactl vehicle register --help");
        }
        assertThat(otactl().run("vehicle", "show", "vehicles/NOPE").err()).contains("(this is 4)");
        assertThat(otactl().run("vehicle", "register", "lsja24u67ms000001").err()).contains("in capitals");
        assertThat(otactl().run("vehicle", "register", DEFAULT_VIN, "--attr", "model").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(otactl().run("vehicle", "history", DEFAULT_VIN, "--limit", "0").err()).contains("--limit must be at least 1");
        assertThat(otactl().run("vehicle", "versions").err()).contains("--ecu");
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldMapRefusalsToExitCodes() {
        assertRefusal(Status.ALREADY_EXISTS.withDescription("vehicles/" + DEFAULT_VIN + " is registered already"), ExitCode.CONFLICT,
                "is registered already", "vehicle", "register", DEFAULT_VIN);
        assertRefusal(Status.PERMISSION_DENIED.withDescription("requires role fleet-admin"), ExitCode.PERMISSION_DENIED,
                "This needs role fleet-admin", "vehicle", "register", DEFAULT_VIN);
        failure = Status.NOT_FOUND.withDescription("vehicles/" + DEFAULT_VIN);
        assertThat(otactl().run("vehicle", "show", DEFAULT_VIN).exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        failure = Status.INVALID_ARGUMENT.withDescription("selector: unknown operator");
        OtactlRunner.Result badSelector = otactl().run("vehicle", "list", "--select", "model ~ 'x'");
        assertThat(badSelector.exitCode()).isEqualTo(ExitCode.INVALID_ARGUMENT);
        assertThat(badSelector.err()).contains("selector: unknown operator");
    }

    /** Runs otactl with {@code args} while the server fails with {@code status}: it exits {@code exitCode}, says {@code says}, prints no token. */
    private void assertRefusal(Status status, int exitCode, String says, String... args) {
        failure = status;
        OtactlRunner.Result r = otactl().run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.err()).contains(says);
        assertThat(r.out()).doesNotContain("ft_");
    }

    @Test
    void shouldPageTheListUpToTheLimitWithPrefixAndSelector() {
        OtactlRunner.Result r = otactl().run("vehicle", "list", "--vin-prefix", "LSJA", "--select", "model = 'SU7'", "--limit", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<ListVehiclesRequest> pages = requestsOf(ListVehiclesRequest.class);
        assertThat(pages).extracting(ListVehiclesRequest::getPageToken).containsExactly("", "2");
        assertThat(pages).extracting(ListVehiclesRequest::getPageSize).containsExactly(3, 1);
        assertThat(pages).allSatisfy(p -> {
            assertThat(p.getVinPrefix()).isEqualTo("LSJA");
            assertThat(p.getSelector()).isEqualTo("model = 'SU7'");
        });
        assertThat(r.out()).containsPattern("(?m)^VIN\\s+ATTRIBUTES\\s+ECUS\\s+LAST SEEN$")
                .containsPattern("(?m)^LSJA24U67MS000002\\s+model=SU7, region=EU\\s+adas-main 2.4.1\\s+2026-01-01 00:00:00Z$")
                .doesNotContain("LSJA24U67MS000003");
    }

    @Test
    void shouldListEveryPageAsOneJsonArray() throws Exception {
        OtactlRunner.Result r = otactl().run("vehicle", "list", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json).hasSize(5);
        assertThat(json.get(4).at("/ecus/0/installedVersion").asText()).isEqualTo("2.4.1");
        fleet.clear();
        assertThat(otactl().run("vehicle", "list", "--select", "model = 'X'").out()).isEqualTo("No vehicles match.\n");
    }

    @Test
    void shouldShowTheVehicleWithItsTenLatestEvents() throws Exception {
        OtactlRunner.Result r = otactl().run("vehicle", "show", "vehicles/" + DEFAULT_VIN);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(requestsOf(GetVehicleRequest.class)).extracting(GetVehicleRequest::getName).containsExactly("vehicles/" + DEFAULT_VIN);
        assertThat(requestsOf(ListVehicleEventsRequest.class)).extracting(ListVehicleEventsRequest::getPageSize).containsExactly(10);
        assertThat(r.out()).contains("Latest 10 update events (all of them: otactl vehicle history " + DEFAULT_VIN + "):");

        JsonNode json = new ObjectMapper().readTree(otactl().run("vehicle", "show", DEFAULT_VIN, "-o", "json").out());
        assertThat(json.get("vin").asText()).isEqualTo(DEFAULT_VIN);
        assertThat(json.at("/attributes/model").asText()).isEqualTo("SU7");
        assertThat(json.at("/ecus/0/ecuSerial").asText()).isEqualTo("ADAS-0001");
        assertThat(json.get("events")).hasSize(10);
        assertThat(json.at("/events/0/sequence").asText()).isEqualTo("25");
    }

    @Test
    void shouldReadTheWholeHistoryUnlessLimited() throws Exception {
        JsonNode all = new ObjectMapper().readTree(otactl().run("vehicle", "history", DEFAULT_VIN, "-o", "json").out());
        assertThat(all).hasSize(25);
        assertThat(all.get(24).get("sequence").asText()).isEqualTo("1");
        requests.clear();
        OtactlRunner.Result limited = otactl().run("vehicle", "history", DEFAULT_VIN, "--limit", "3");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(requestsOf(ListVehicleEventsRequest.class)).extracting(ListVehicleEventsRequest::getPageSize).containsExactly(3);
        assertThat(limited.out().lines()).hasSize(4).element(1).asString().contains("DOWNLOADING").contains("rollouts/r1");
    }

    @Test
    void shouldCountVersionsWithShares() {
        OtactlRunner.Result r = otactl().run("vehicle", "versions", "--ecu", "adas-main", "--select", "region = 'EU'");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(requestsOf(GetVersionDistributionRequest.class)).singleElement().satisfies(req -> {
            assertThat(req.getEcu()).isEqualTo("adas-main");
            assertThat(req.getSelector()).isEqualTo("region = 'EU'");
        });
        assertThat(r.out()).startsWith("4 vehicles report ECU adas-main:")
                .containsPattern("(?m)^2\\.4\\.1\\s+3\\s+75\\.0%\\s+#{15}$")
                .containsPattern("(?m)^2\\.4\\.0\\s+1\\s+25\\.0%\\s+#{5}$");
    }
}
