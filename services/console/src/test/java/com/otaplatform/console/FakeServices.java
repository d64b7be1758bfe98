package com.otaplatform.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.otaplatform.fleet.v1.GetVersionDistributionRequest;
import com.otaplatform.fleet.v1.GetVersionDistributionResponse;
import com.otaplatform.fleet.v1.ListVehicleEventsRequest;
import com.otaplatform.fleet.v1.ListVehicleEventsResponse;
import com.otaplatform.fleet.v1.ListVehiclesRequest;
import com.otaplatform.fleet.v1.ListVehiclesResponse;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.fleet.v1.VersionCount;
import com.otaplatform.rollout.v1.DryRunRolloutRequest;
import com.otaplatform.rollout.v1.DryRunRolloutResponse;
import com.otaplatform.rollout.v1.RollbackRolloutRequest;
import com.otaplatform.rollout.v1.RollbackRolloutResponse;
import com.otaplatform.rollout.v1.StageReach;
import com.otaplatform.rollout.v1.StartRolloutRequest;
import com.otaplatform.rollout.v1.StartRolloutResponse;
import com.otaplatform.rollout.v1.WatchRolloutRequest;
import com.otaplatform.rollout.v1.WatchRolloutResponse;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetRoleMetadataResponse;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.Signature;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.UptaneCustom;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.HexFormat;
import com.google.protobuf.Timestamp;
import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.GetReleaseResponse;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseArtifact;
import com.otaplatform.artifact.v1.ReleaseState;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.fleet.v1.Ecu;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.GetVehicleResponse;
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.rollout.v1.GetRolloutRequest;
import com.otaplatform.rollout.v1.GetRolloutResponse;
import com.otaplatform.rollout.v1.ListRolloutEventsRequest;
import com.otaplatform.rollout.v1.ListRolloutEventsResponse;
import com.otaplatform.rollout.v1.ListRolloutsRequest;
import com.otaplatform.rollout.v1.ListRolloutsResponse;
import com.otaplatform.rollout.v1.PauseRolloutRequest;
import com.otaplatform.rollout.v1.PauseRolloutResponse;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutEvent;
import com.otaplatform.rollout.v1.RolloutServiceGrpc;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageState;

import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stand-ins for rollout-service, artifact-service, signing-service and checkin-service's FleetService on one real
 * gRPC port, for the console's @QuarkusTests. They check roles from the caller's token like the real
 * services and record every authorization header they receive.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {
    public static final String ROLLOUT_ID = "6f1c0a9e-4f7b-4a51-9c43-0d1e2f3a4b5c";
    public static final String OTHER_ROLLOUT_ID = "7a2d1b0f-5a8c-4b62-8d54-1e2f3a4b5c6d";
    public static final String RELEASE_ID = "1b9e2c7d-3a4f-4e5d-8c6b-7a8f9e0d1c2b";
    public static final String VIN = "LSJMTEST000000001";
    public static final String ROLLBACK_ID = "8b3e2c1a-6b9d-4c73-9e65-2f3a4b5c6d7e";
    public static final String RELEASE_NAME = "adas-2026.11";
    public static final long TARGETS_VERSION = 3;
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final io.grpc.Context.Key<List<String>> CALLER = io.grpc.Context.key("authorization");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every authorization header list seen, one entry per call (a call with two headers records both). */
    public static final List<List<String>> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    /** Methods called, in order. */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();
    /** Vehicles succeeded in the fake rollout's first stage; tests bump it to see live updates. */
    public static final AtomicLong SUCCEEDED = new AtomicLong(3);
    public static final AtomicReference<RolloutState> STATE = new AtomicReference<>(RolloutState.ROLLOUT_STATE_RUNNING);
    /** The selector of the last ListVehicles and GetVersionDistribution call. */
    public static final AtomicReference<String> SELECTOR = new AtomicReference<>();
    private static final Signer REPOSITORY_KEY = KeyPairs.ed25519();
    private static final Signer OTHER_KEY = KeyPairs.ed25519();

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            ServerInterceptor recordCaller = new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                    List<String> values = new java.util.ArrayList<>();
                    headers.getAll(AUTHORIZATION).forEach(values::add);
                    AUTHORIZATIONS.add(values);
                    CALLS.add(call.getMethodDescriptor().getBareMethodName());
                    return Contexts.interceptCall(io.grpc.Context.current().withValue(CALLER, values), call, headers, next);
                }
            };
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(new Rollouts(), recordCaller))
                    .addService(ServerInterceptors.intercept(new Artifacts(), recordCaller))
                    .addService(ServerInterceptors.intercept(new Fleet(), recordCaller))
                    .addService(ServerInterceptors.intercept(new Signing(), recordCaller))
                    .build().start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String endpoint = "127.0.0.1:" + server.getPort();
        return Map.of("ota.console.rollout-endpoint", endpoint, "ota.console.artifact-endpoint", endpoint,
                "ota.console.fleet-endpoint", endpoint, "ota.console.signing-endpoint", endpoint);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Resets what the tests change. */
    public static void reset() {
        AUTHORIZATIONS.clear();
        CALLS.clear();
        SUCCEEDED.set(3);
        STATE.set(RolloutState.ROLLOUT_STATE_RUNNING);
        SELECTOR.set(null);
    }

    // Like the real services: a token whose realm roles include one of these passes.
    private static void require(String... roles) {
        List<String> headers = CALLER.get();
        if (headers == null || headers.size() != 1 || !headers.get(0).startsWith("Bearer ")) {
            throw Status.UNAUTHENTICATED.withDescription("this call needs a valid bearer token").asRuntimeException();
        }
        try {
            String payload = headers.get(0).substring(7).split("\\.")[1];
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
            for (JsonNode role : claims.at("/realm_access/roles")) {
                if (List.of(roles).contains(role.asText())) {
                    return;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw Status.UNAUTHENTICATED.withDescription("unreadable token").asRuntimeException();
        }
        throw Status.PERMISSION_DENIED.withDescription("the caller's roles do not allow " + "this call").asRuntimeException();
    }

    private static final String[] ANY = {"viewer", "operator", "release-engineer", "fleet-admin"};

    static Rollout rollout(String id) {
        long succeeded = SUCCEEDED.get();
        return Rollout.newBuilder()
                .setName("rollouts/" + id).setDisplayName("adas 2.4.1 to SU7").setRelease("releases/" + RELEASE_ID)
                .setSelector("model = 'SU7'").setState(STATE.get()).setCurrentStage(0).setRevision(STATE.get().getNumber())
                .addStages(Stage.newBuilder().setPercentageBp(1000))
                .addStages(Stage.newBuilder().setPercentageBp(10_000))
                .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_ACTIVE).setVehiclesReached(20)
                        .setVehiclesSucceeded(succeeded).setVehiclesFailed(1).setVehiclesInProgress(4)
                        .setFailureRateBp((int) (10_000 / (succeeded + 1))).setStartTime(Timestamp.newBuilder().setSeconds(1_700_000_000)))
                .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_PENDING))
                .setCreatedBy("operator").setCreateTime(Timestamp.newBuilder().setSeconds(1_700_000_000))
                .build();
    }

    static final class Rollouts extends RolloutServiceGrpc.RolloutServiceImplBase {
        @Override
        public void getRollout(GetRolloutRequest request, StreamObserver<GetRolloutResponse> response) {
            try {
                require(ANY);
                if (!request.getName().equals("rollouts/" + ROLLOUT_ID)) {
                    throw Status.NOT_FOUND.withDescription("name: no rollout " + request.getName()).asRuntimeException();
                }
                response.onNext(GetRolloutResponse.newBuilder().setRollout(rollout(ROLLOUT_ID)).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void listRollouts(ListRolloutsRequest request, StreamObserver<ListRolloutsResponse> response) {
            try {
                require(ANY);
                response.onNext(ListRolloutsResponse.newBuilder().addRollouts(rollout(ROLLOUT_ID))
                        .addRollouts(rollout(OTHER_ROLLOUT_ID).toBuilder().setRelease("releases/other")).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void listRolloutEvents(ListRolloutEventsRequest request, StreamObserver<ListRolloutEventsResponse> response) {
            try {
                require(ANY);
                response.onNext(ListRolloutEventsResponse.newBuilder().addEvents(RolloutEvent.newBuilder().setSequence(1)
                        .setFromState(RolloutState.ROLLOUT_STATE_DRAFT).setToState(RolloutState.ROLLOUT_STATE_RUNNING)
                        .setActorKind(com.otaplatform.rollout.v1.ActorKind.ACTOR_KIND_USER).setActor("operator").setReason("go")).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void pauseRollout(PauseRolloutRequest request, StreamObserver<PauseRolloutResponse> response) {
            try {
                require("operator");
                STATE.set(RolloutState.ROLLOUT_STATE_PAUSED);
                response.onNext(PauseRolloutResponse.newBuilder().setRollout(rollout(ROLLOUT_ID)).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void startRollout(StartRolloutRequest request, StreamObserver<StartRolloutResponse> response) {
            try {
                require("operator");
                STATE.set(RolloutState.ROLLOUT_STATE_RUNNING);
                response.onNext(StartRolloutResponse.newBuilder().setRollout(rollout(ROLLOUT_ID)).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void rollbackRollout(RollbackRolloutRequest request, StreamObserver<RollbackRolloutResponse> response) {
            try {
                require("operator");
                if (request.getReason().isEmpty()) {
                    throw Status.INVALID_ARGUMENT.withDescription("reason: is required").asRuntimeException();
                }
                STATE.set(RolloutState.ROLLOUT_STATE_ABORTED);
                response.onNext(RollbackRolloutResponse.newBuilder().setRollout(rollout(ROLLBACK_ID).toBuilder()
                        .setState(RolloutState.ROLLOUT_STATE_DRAFT).setRollbackOf(request.getName())).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void dryRunRollout(DryRunRolloutRequest request, StreamObserver<DryRunRolloutResponse> response) {
            try {
                require(ANY);
                response.onNext(DryRunRolloutResponse.newBuilder().setVehiclesSelected(120)
                        .addStages(StageReach.newBuilder().setStage(0).setVehicles(11))
                        .addStages(StageReach.newBuilder().setStage(1).setVehicles(110))
                        .setBlockedIncompatibleHardware(4).setBlockedAlreadyCurrent(6).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        /** Like rollout-service: the rollout first, then each change (with an event when the state moved); ends once it is finished. */
        @Override
        public void watchRollout(WatchRolloutRequest request, StreamObserver<WatchRolloutResponse> response) {
            try {
                require(ANY);
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
                return;
            }
            ServerCallStreamObserver<WatchRolloutResponse> stream = (ServerCallStreamObserver<WatchRolloutResponse>) response;
            Thread watcher = new Thread(() -> {
                Rollout last = null;
                while (!stream.isCancelled()) {
                    Rollout now = rollout(ROLLOUT_ID);
                    if (!now.equals(last)) {
                        var message = WatchRolloutResponse.newBuilder().setRollout(now);
                        if (last != null && last.getState() != now.getState()) {
                            message.setEvent(RolloutEvent.newBuilder().setSequence(2).setFromState(last.getState()).setToState(now.getState())
                                    .setActorKind(com.otaplatform.rollout.v1.ActorKind.ACTOR_KIND_USER).setActor("operator").setReason("watched"));
                        }
                        synchronized (stream) {
                            stream.onNext(message.build());
                        }
                        last = now;
                    }
                    if (now.getState() == RolloutState.ROLLOUT_STATE_ABORTED || now.getState() == RolloutState.ROLLOUT_STATE_COMPLETED) {
                        stream.onCompleted();
                        return;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fake-watch-rollout");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    static final class Artifacts extends ArtifactServiceGrpc.ArtifactServiceImplBase {
        @Override
        public void getRelease(GetReleaseRequest request, StreamObserver<GetReleaseResponse> response) {
            try {
                require(ANY);
                Artifact artifact = Artifact.newBuilder().setName("artifacts/a1")
                        .setSpec(ArtifactSpec.newBuilder().setVersion("2.4.1").setFileName("adas-2.4.1.img")
                                .addTargets(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3")))
                        .setDigests(Digests.newBuilder().setSha256("ab".repeat(32)).setLength(1024)).build();
                response.onNext(GetReleaseResponse.newBuilder().setRelease(Release.newBuilder().setName("releases/" + RELEASE_ID)
                        .setDisplayName(RELEASE_NAME).setState(ReleaseState.RELEASE_STATE_SIGNED).setTargetsVersion(TARGETS_VERSION)
                        .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact("artifacts/a1").setDetails(artifact))).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }
    }

    static final class Fleet extends FleetServiceGrpc.FleetServiceImplBase {
        @Override
        public void getVehicle(GetVehicleRequest request, StreamObserver<GetVehicleResponse> response) {
            try {
                require(ANY);
                response.onNext(GetVehicleResponse.newBuilder().setVehicle(vehicle()).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void listVehicles(ListVehiclesRequest request, StreamObserver<ListVehiclesResponse> response) {
            try {
                require(ANY);
                SELECTOR.set(request.getSelector());
                if (request.getSelector().endsWith("=")) {
                    throw Status.INVALID_ARGUMENT.withDescription("selector: expected a value after '='").asRuntimeException();
                }
                var reply = ListVehiclesResponse.newBuilder();
                if (request.getSelector().isEmpty() || request.getSelector().equals("model = 'SU7'")) {
                    reply.addVehicles(vehicle());
                }
                response.onNext(reply.build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void listVehicleEvents(ListVehicleEventsRequest request, StreamObserver<ListVehicleEventsResponse> response) {
            try {
                require(ANY);
                // two pages: the newest event first, then an older one
                boolean first = request.getPageToken().isEmpty();
                response.onNext(ListVehicleEventsResponse.newBuilder().addEvents(VehicleEvent.newBuilder().setSequence(first ? 42 : 41).setVin(VIN)
                                .setEvent(StatusEvent.newBuilder().setRollout("rollouts/" + ROLLOUT_ID).setEcuSerial("S1")
                                        .setPhase(first ? UpdatePhase.UPDATE_PHASE_SUCCEEDED : UpdatePhase.UPDATE_PHASE_DOWNLOADING)))
                        .setNextPageToken(first ? "page-2" : "").build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void getVersionDistribution(GetVersionDistributionRequest request, StreamObserver<GetVersionDistributionResponse> response) {
            try {
                require(ANY);
                SELECTOR.set(request.getSelector());
                response.onNext(GetVersionDistributionResponse.newBuilder()
                        .addVersions(VersionCount.newBuilder().setVersion("2.4.0").setVehicles(90))
                        .addVersions(VersionCount.newBuilder().setVersion("2.4.1").setVehicles(30)).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }
    }

    static Vehicle vehicle() {
        return Vehicle.newBuilder().setName("vehicles/" + VIN).setVin(VIN).putAttributes("model", "SU7")
                .addEcus(Ecu.newBuilder().setEcu("adas-main").setEcuSerial("S1").setHardwareId("adas-v3").setInstalledVersion("2.4.0")).build();
    }

    /**
     * The image repository: root v1 whose targets role is REPOSITORY_KEY (threshold 1), and targets metadata that lists
     * the release's image, signed by REPOSITORY_KEY and by OTHER_KEY, which root does not know.
     */
    static final class Signing extends SigningServiceGrpc.SigningServiceImplBase {
        @Override
        public void getRoleMetadata(GetRoleMetadataRequest request, StreamObserver<GetRoleMetadataResponse> response) {
            try {
                require(ANY);
                Instant expires = Instant.parse("2030-01-01T00:00:00Z");
                SignedMetadata metadata;
                if (request.getRole() == com.otaplatform.signing.v1.Role.ROLE_ROOT && request.getVersion() == 0) {
                    Role role = new Role(List.of(REPOSITORY_KEY.keyId()), 1);
                    Map<String, Role> roles = Map.of(RoleName.ROOT, role, RoleName.TARGETS, role, RoleName.SNAPSHOT, role, RoleName.TIMESTAMP, role);
                    metadata = sign(new RootMetadata(1, expires, true, Map.of(REPOSITORY_KEY.keyId(), REPOSITORY_KEY.publicKey()), roles).toSignedJson(),
                            REPOSITORY_KEY);
                } else if (request.getRole() == com.otaplatform.signing.v1.Role.ROLE_TARGETS && request.getVersion() == TARGETS_VERSION) {
                    var custom = UptaneCustom.image(List.of("adas-v3"), 5).put("ecu", "adas-main");
                    String name = RELEASE_NAME + "/adas-main/adas-2.4.1.img";
                    metadata = sign(new TargetsMetadata(TARGETS_VERSION, expires, Map.of(
                            name, new TargetFile(name, 1024, Map.of("sha256", "ab".repeat(32), "sha512", "cd".repeat(64)), custom),
                            "other/adas-main/x.img", new TargetFile("other/adas-main/x.img", 1, Map.of("sha256", "ef".repeat(32)), null)))
                            .toSignedJson(), REPOSITORY_KEY, OTHER_KEY);
                } else {
                    throw Status.NOT_FOUND.withDescription("no " + request.getRole() + " version " + request.getVersion()).asRuntimeException();
                }
                response.onNext(GetRoleMetadataResponse.newBuilder().setMetadata(ByteString.copyFrom(metadata.toBytes()))
                        .setVersion(request.getVersion()).build());
                response.onCompleted();
            } catch (io.grpc.StatusRuntimeException e) {
                response.onError(e);
            }
        }

        private static SignedMetadata sign(ObjectNode signed, Signer... signers) {
            byte[] canonical = CanonicalJson.encode(signed);
            return new SignedMetadata(signed, java.util.Arrays.stream(signers)
                    .map(signer -> new Signature(signer.keyId(), HexFormat.of().formatHex(signer.sign(canonical)))).toList());
        }
    }
}
