package com.otaplatform.console.browser;

import com.google.protobuf.ByteString;
import com.otaplatform.artifact.v1.ArtifactKind;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.BuildProvenance;
import com.otaplatform.artifact.v1.CreateReleaseRequest;
import com.otaplatform.artifact.v1.CreateUploadRequest;
import com.otaplatform.artifact.v1.ReleaseArtifact;
import com.otaplatform.artifact.v1.WriteUploadRequest;
import com.otaplatform.artifact.v1.WriteUploadResponse;
import com.otaplatform.artifact.v1.WriteUploadStart;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.rollout.v1.CreateRolloutRequest;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.GateAction;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StartRolloutRequest;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import com.otaplatform.vehicle.v1.VehicleManifest;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running rollout for the browser tests: an artifact, a release and a two-stage rollout created
 * through the real APIs by rel-eng and operator, and a small simulated fleet that checks in and
 * reports DOWNLOADING, INSTALLING and a final outcome a few vehicles at a time, so that the counts
 * keep moving while the browser watches.
 */
final class RolloutFeed implements AutoCloseable {
    static final String ECU = "adas-main";
    static final String HARDWARE = "adas-v3";
    private static final int VEHICLES = 120;
    private static final int CHECK_INS_PER_TICK = 6;

    final String release;
    final String rollout;
    private final ManagedChannel artifactChannel;
    private final ManagedChannel rolloutChannel;
    private final ConsolePlatform platform;
    private final Map<String, ManagedChannel> vehicleChannels = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final List<String> vins = new ArrayList<>();
    private final Map<String, Assigned> assigned = new LinkedHashMap<>();
    private final Random random = new Random(7);
    private int nextCheckIn;

    private record Assigned(String rollout, String correlationId, int[] phase) {
    }

    RolloutFeed(ConsolePlatform platform) throws Exception {
        artifactChannel = TestChannels.loopback(platform.artifactPort);
        rolloutChannel = TestChannels.loopback(platform.rolloutPort);
        this.platform = platform;
        String relEng = Keycloak.userToken("rel-eng");
        String operator = Keycloak.userToken("operator");
        String artifact = upload(relEng);
        var artifacts = ArtifactServiceGrpc.newBlockingStub(artifactChannel).withCallCredentials(BearerToken.of(relEng));
        release = artifacts.createRelease(CreateReleaseRequest.newBuilder().setDisplayName("adas-2026.11-" + System.nanoTime() % 100000)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu(ECU).setArtifact(artifact))
                .setNotes("ADAS 2.4.1: lane-keeping calibration, camera driver fixes.").build()).getRelease().getName();
        var rollouts = RolloutServiceGrpc.newBlockingStub(rolloutChannel).withCallCredentials(BearerToken.of(operator));
        Gate gate = Gate.newBuilder().setMaxFailureRateBp(1500).setMinVehiclesReported(500)
                .setSoakTime(com.google.protobuf.Duration.newBuilder().setSeconds(3600)).setOnFailure(GateAction.GATE_ACTION_PAUSE).build();
        rollout = rollouts.createRollout(CreateRolloutRequest.newBuilder().setDisplayName("ADAS 2.4.1 to SU7 China").setRelease(release)
                .setSelector("model = 'SU7' and region = 'CN'")
                .addStages(Stage.newBuilder().setPercentageBp(3000).setGate(gate))
                .addStages(Stage.newBuilder().setPercentageBp(10_000).setGate(gate))
                .build()).getRollout().getName();
        rollouts.startRollout(StartRolloutRequest.newBuilder().setName(rollout).build());
        Random vinRandom = new Random(11);
        String alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        for (int i = 0; i < VEHICLES; i++) {
            StringBuilder vin = new StringBuilder("LSJW");
            while (vin.length() < 17) {
                vin.append(alphabet.charAt(vinRandom.nextInt(alphabet.length())));
            }
            vins.add(vin.toString());
        }
    }

    /** The rollout's id (without "rollouts/"). */
    String rolloutId() {
        return rollout.substring("rollouts/".length());
    }

    String releaseId() {
        return release.substring("releases/".length());
    }

    /** Starts the fleet: every {@code periodMillis} a few vehicles check in and the assigned ones move one step on. */
    void start(long periodMillis) {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                System.err.println("fleet tick failed: " + e);
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** VehicleService as the vehicle {@code vin}, over mutual TLS with a certificate of the platform's vehicle CA. */
    private VehicleServiceGrpc.VehicleServiceBlockingStub vehicle(String vin) {
        ManagedChannel channel = vehicleChannels.computeIfAbsent(vin, v -> TestChannels.vehicle(platform.vehiclePort,
                platform.checkinTls.certificatePem(), platform.vehicleCa.vehicle(v)));
        return VehicleServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private void tick() {
        for (int i = 0; i < CHECK_INS_PER_TICK; i++) {
            String vin = vins.get(nextCheckIn++ % vins.size());
            if (assigned.containsKey(vin)) {
                continue;
            }
            CheckInResponse response = vehicle(vin).checkIn(checkIn(vin));
            if (response.hasAssignment()) {
                assigned.put(vin, new Assigned(response.getAssignment().getRollout(), response.getAssignment().getCorrelationId(), new int[] {0}));
            }
        }
        for (var entry : assigned.entrySet()) {
            int[] phase = entry.getValue().phase();
            if (phase[0] >= 3 || random.nextInt(3) != 0) {
                continue;
            }
            phase[0]++;
            UpdatePhase next = switch (phase[0]) {
                case 1 -> UpdatePhase.UPDATE_PHASE_DOWNLOADING;
                case 2 -> UpdatePhase.UPDATE_PHASE_INSTALLING;
                default -> random.nextInt(100) < 8 ? UpdatePhase.UPDATE_PHASE_FAILED : UpdatePhase.UPDATE_PHASE_SUCCEEDED;
            };
            StatusEvent.Builder event = StatusEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setRollout(entry.getValue().rollout())
                    .setCorrelationId(entry.getValue().correlationId()).setPhase(next);
            if (next == UpdatePhase.UPDATE_PHASE_FAILED) {
                event.setErrorCode("INSTALL_WRITE_FAILED").setMessage("writing slot B failed");
            }
            vehicle(entry.getKey()).reportStatus(ReportStatusRequest.newBuilder().setVin(entry.getKey()).addEvents(event).build());
        }
    }

    private static CheckInRequest checkIn(String vin) {
        EcuVersionReport report = EcuVersionReport.newBuilder().setEcuSerial(vin + "-ADAS").setEcu(ECU).setHardwareId(HARDWARE)
                .setInstalledVersion("2.3.9").setInstalledTarget("adas-2.3.9.img").build();
        VehicleManifest manifest = VehicleManifest.newBuilder().setVin(vin).setPrimaryEcuSerial(vin + "-ADAS")
                .addEcuReports(SignedEcuVersionReport.newBuilder().setReport(report.toByteString())).build();
        return CheckInRequest.newBuilder().setManifest(SignedVehicleManifest.newBuilder().setManifest(manifest.toByteString()))
                .putAttributes("model", "SU7").putAttributes("region", "CN").build();
    }

    private String upload(String token) throws Exception {
        byte[] image = new byte[256 * 1024];
        new Random(42).nextBytes(image);
        var artifacts = ArtifactServiceGrpc.newBlockingStub(artifactChannel).withCallCredentials(BearerToken.of(token));
        String upload = artifacts.createUpload(CreateUploadRequest.newBuilder().setDeclaredLength(image.length)
                .setSpec(ArtifactSpec.newBuilder().setKind(ArtifactKind.ARTIFACT_KIND_FIRMWARE).setVersion("2.4.1")
                        .setFileName("adas-2.4.1.img").setReleaseCounter(241)
                        .addTargets(EcuSelector.newBuilder().setEcu(ECU).setHardwareId(HARDWARE))
                        .setProvenance(BuildProvenance.newBuilder().setCiJob("adas-firmware#1842").setCommit("9f3c2e1a7b5d4c8e9f0a1b2c3d4e5f6a7b8c9d0e")))
                .build()).getUpload().getName();
        CompletableFuture<WriteUploadResponse> done = new CompletableFuture<>();
        StreamObserver<WriteUploadRequest> stream = ArtifactServiceGrpc.newStub(artifactChannel).withCallCredentials(BearerToken.of(token))
                .writeUpload(new StreamObserver<>() {
                    @Override
                    public void onNext(WriteUploadResponse value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.completeExceptionally(new IllegalStateException("WriteUpload ended without a response"));
                    }
                });
        stream.onNext(WriteUploadRequest.newBuilder().setStart(WriteUploadStart.newBuilder().setUpload(upload).setOffset(0)).build());
        stream.onNext(WriteUploadRequest.newBuilder().setChunk(ByteString.copyFrom(image)).build());
        stream.onCompleted();
        return done.get(30, TimeUnit.SECONDS).getArtifact().getName();
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        for (ManagedChannel channel : List.of(artifactChannel, rolloutChannel)) {
            TestChannels.close(channel);
        }
        for (ManagedChannel channel : vehicleChannels.values()) {
            TestChannels.close(channel);
        }
    }

}
