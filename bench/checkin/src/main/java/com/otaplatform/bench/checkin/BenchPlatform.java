package com.otaplatform.bench.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Duration;
import com.otaplatform.agent.testing.TestVehicleCa;
import com.otaplatform.otactl.Otactl;
import com.otaplatform.rollout.v1.AbortRolloutRequest;
import com.otaplatform.rollout.v1.CreateRolloutRequest;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.GateAction;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StartRolloutRequest;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.ServiceProcess;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The platform the fleet benchmarks run against: artifact-, signing-, rollout- and checkin-service
 * as packaged processes in their own database ({@code ota_bench}), bucket and ports (vehicles on
 * checkin-service's mutual-TLS port), the fleet loaded into PostgreSQL, vehicles provisioned on
 * demand, and one release to roll out. Rollouts are created and started over gRPC
 * with a real Keycloak token of the CI client, so that their timing holds no CLI start-up.
 */
final class BenchPlatform implements AutoCloseable {
    static final String DATABASE = "ota_bench";
    static final String BUCKET = "ota-bench";
    static final int ARTIFACT_PORT = 29181;
    static final int SIGNING_PORT = 29182;
    static final int ROLLOUT_PORT = 29183;
    static final int CHECKIN_PORT = 29184;
    /** checkin-service's vehicle port: mutual TLS. */
    static final int CHECKIN_VEHICLE_PORT = 29194;
    /** Every staged rollout here holds its first stage: no gate can pass before the run ends. */
    private static final Gate HOLD = Gate.newBuilder().setMinVehiclesReported(1_000_000_000).setMaxFailureRateBp(5000)
            .setSoakTime(Duration.newBuilder().setSeconds(86_400)).setOnFailure(GateAction.GATE_ACTION_PAUSE).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess checkin;
    private ManagedChannel rolloutChannel;
    private ManagedChannel fleetChannel;
    private ManagedChannel provisioningChannel;
    private String fleetAdminToken;
    private VehicleCalls.Endpoint vehicleEndpoint;
    private Path serverCertificate;
    private Path serverKey;
    private RolloutServiceGrpc.RolloutServiceBlockingStub rollouts;
    private String release;
    private double fleetLoadSeconds;

    private BenchPlatform(Path out) {
        this.out = out;
    }

    /** A fresh database with {@code fleet} in it, the four services started, and a release of a new ADAS image. */
    static BenchPlatform start(Path root, Path out, Fleet fleet) throws Exception {
        BenchPlatform platform = new BenchPlatform(out);
        try {
            platform.createDatabase();
            Map<String, String> env = new HashMap<>(Map.of("OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "OTA_S3_BUCKET", BUCKET,
                    "OTA_SIGNING_KEY_PASSPHRASE", "bench-only-passphrase",
                    "OTA_DIRECTOR_KEY_PASSPHRASE", "bench-only-passphrase", "OTA_ARTIFACT_PORT", String.valueOf(ARTIFACT_PORT),
                    "OTA_SIGNING_PORT", String.valueOf(SIGNING_PORT), "OTA_ROLLOUT_PORT", String.valueOf(ROLLOUT_PORT),
                    "OTA_CHECKIN_PORT", String.valueOf(CHECKIN_PORT)));
            platform.startService(root, "artifact-service", ARTIFACT_PORT, env);
            platform.startService(root, "signing-service", SIGNING_PORT, env);
            platform.startService(root, "rollout-service", ROLLOUT_PORT, env);
            platform.writeServerTls();
            env.putAll(Map.of("QUARKUS_HTTP_SSL_PORT", String.valueOf(CHECKIN_VEHICLE_PORT),
                    "OTA_VEHICLE_TLS_CERT", platform.serverCertificate.toString(), "OTA_VEHICLE_TLS_KEY", platform.serverKey.toString()));
            platform.checkin = platform.startService(root, "checkin-service", CHECKIN_PORT, env);
            platform.loadFleet(fleet);
            platform.fleetChannel = TestChannels.loopback(CHECKIN_PORT);
            platform.provisioningChannel = VehicleCalls.provisioningChannel(platform.vehicleEndpoint);
            platform.fleetAdminToken = Keycloak.userToken("fleet-admin");
            platform.rolloutChannel = TestChannels.loopback(ROLLOUT_PORT);
            platform.rollouts = RolloutServiceGrpc.newBlockingStub(platform.rolloutChannel)
                    .withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-ci", "ota-ci-secret")));
            platform.release = platform.createRelease();
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    ServiceProcess checkin() {
        return checkin;
    }

    /** Where vehicles call checkin-service: its mutual-TLS port. */
    VehicleCalls.Endpoint vehicleEndpoint() {
        return vehicleEndpoint;
    }

    /** checkin-service's TLS certificate and key, PEM files; the reference servers present the same. */
    Path serverCertificate() {
        return serverCertificate;
    }

    Path serverKey() {
        return serverKey;
    }

    /** Registers and provisions vehicle {@code i} of the fleet, as its factory would. */
    VehicleCalls.Caller provision(long i) {
        return VehicleCalls.provision(i, fleetChannel, fleetAdminToken, provisioningChannel);
    }

    double fleetLoadSeconds() {
        return fleetLoadSeconds;
    }

    /** Creates a rollout of the release to the vehicles {@code selector} picks, in stages {@code stagePercents}; returns its id. */
    UUID createRollout(String selector, int... stagePercents) {
        CreateRolloutRequest.Builder request = CreateRolloutRequest.newBuilder().setDisplayName("bench " + selector)
                .setRelease(release).setSelector(selector);
        for (int percent : stagePercents) {
            request.addStages(Stage.newBuilder().setPercentageBp(percent * 100).setGate(HOLD));
        }
        String name = rollouts.withDeadlineAfter(30, TimeUnit.SECONDS).createRollout(request.build()).getRollout().getName();
        return UUID.fromString(name.substring("rollouts/".length()));
    }

    void startRollout(UUID rollout) {
        rollouts.withDeadlineAfter(30, TimeUnit.SECONDS).startRollout(StartRolloutRequest.newBuilder().setName("rollouts/" + rollout).build());
    }

    void abortRollout(UUID rollout) {
        rollouts.withDeadlineAfter(30, TimeUnit.SECONDS).abortRollout(AbortRolloutRequest.newBuilder().setName("rollouts/" + rollout)
                .setReason("benchmark round over").build());
    }

    private ServiceProcess startService(Path root, String service, int port, Map<String, String> env) throws Exception {
        System.out.printf("starting %s on port %d%n", service, port);
        ServiceProcess process = ServiceProcess.quarkusService(root, service, "256m", port, env, out.resolve("logs").resolve(service + ".log"));
        services.add(process);
        return process;
    }

    private void writeServerTls() throws IOException {
        TestVehicleCa.ServerTls tls = TestVehicleCa.serverTls();
        Path dir = Files.createDirectories(out.resolve("tls"));
        serverCertificate = Files.writeString(dir.resolve("checkin.crt"), tls.certificatePem());
        serverKey = Files.writeString(dir.resolve("checkin.key"), tls.privateKeyPem());
        vehicleEndpoint = new VehicleCalls.Endpoint(CHECKIN_VEHICLE_PORT, tls.certificatePem());
    }

    private void createDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute("drop database if exists " + DATABASE + " with (force)");
            statement.execute("create database " + DATABASE);
        }
    }

    private void loadFleet(Fleet fleet) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "")) {
            long rows = fleet.load(c);
            fleetLoadSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("loaded %,d vehicles into PostgreSQL with COPY in %.1f s%n", rows, fleetLoadSeconds);
        }
    }

    /** Pushes a 64 KiB ADAS image with otactl and creates a release of it; returns the release's name. */
    private String createRelease() throws Exception {
        byte[] image = new byte[64 * 1024];
        new Random(2026).nextBytes(image);
        Path file = out.resolve("adas-2.0.0.img");
        Files.write(file, image);
        String artifact = otactl("push", file.toString(), "--kind", "firmware", "--ecu", Fleet.ECU, "--hw", Fleet.HARDWARE,
                "--version", "2.0.0", "--no-progress", "--output", "json").get("name").asText();
        return otactl("release", "create", "--name", "bench-adas-2.0.0", "--artifact", Fleet.ECU + "=" + artifact, "--output", "json")
                .get("name").asText();
    }

    /** Runs otactl's real main in-process as the CI client; returns the JSON it printed. */
    private JsonNode otactl(String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("OTACTL_CLIENT_ID", "ota-ci", "OTACTL_CLIENT_SECRET", "ota-ci-secret",
                "OTACTL_CONFIG_DIR", out.resolve("otactl").toString(), "OTACTL_STDERR_TTY", "0"));
        env.put("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + ARTIFACT_PORT);
        env.put("OTACTL_SIGNING_ENDPOINT", "127.0.0.1:" + SIGNING_PORT);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Otactl.run(env, new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                args);
        if (code != 0) {
            throw new IllegalStateException("otactl " + String.join(" ", args) + " exited " + code + ": " + stderr.toString(StandardCharsets.UTF_8));
        }
        return JSON.readTree(stdout.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : new ManagedChannel[] {rolloutChannel, fleetChannel, provisioningChannel}) {
            if (channel != null) {
                TestChannels.close(channel);
            }
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
