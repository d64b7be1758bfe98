package com.otaplatform.signing.grpc;

import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.CreateReleaseRequest;
import com.otaplatform.artifact.v1.CreateReleaseResponse;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.GetReleaseResponse;
import com.otaplatform.artifact.v1.MarkReleaseSignedRequest;
import com.otaplatform.artifact.v1.MarkReleaseSignedResponse;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseArtifact;
import com.otaplatform.artifact.v1.ReleaseState;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.tuf.crypto.Crypto;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The release part of ArtifactService on a fixed port (CreateRelease, GetRelease, MarkReleaseSigned), holding what it
 * is given in memory: what signing-service reads and marks when artifact-service itself is not running.
 */
final class TestArtifactService implements AutoCloseable {
    private final Map<String, Artifact> artifacts = new ConcurrentHashMap<>();
    private final Map<String, Release> releases = new ConcurrentHashMap<>();
    private volatile boolean refuseMarks;
    private final Server server;

    private TestArtifactService(int port) throws IOException {
        this.server = ServerBuilder.forPort(port).addService(new Service()).build().start();
    }

    /** Serves on {@code port} (fixed, so that a test profile can point signing-service at it). */
    static TestArtifactService start(int port) {
        try {
            return new TestArtifactService(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the artifact stand-in on port " + port, e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** An artifact for {@code ecu} on hardware {@code hardwareId} whose bytes are {@code content}. */
    Artifact addArtifact(String ecu, String hardwareId, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Artifact artifact = Artifact.newBuilder().setName("artifacts/" + UUID.randomUUID())
                .setSpec(ArtifactSpec.newBuilder().setFileName(ecu + ".bin").setVersion("1.0.0").setReleaseCounter(1)
                        .addTargets(EcuSelector.newBuilder().setEcu(ecu).setHardwareId(hardwareId)))
                .setDigests(Digests.newBuilder().setLength(bytes.length).setSha256(Crypto.sha256Hex(bytes)).setSha512(Crypto.sha512Hex(bytes)))
                .build();
        artifacts.put(artifact.getName(), artifact);
        return artifact;
    }

    /** A CREATED release of one image: {@code ecu}'s artifact made from {@code content}. */
    Release addRelease(String displayName, String ecu, String content) {
        Artifact artifact = addArtifact(ecu, ecu + "-hw", content);
        return create(CreateReleaseRequest.newBuilder().setDisplayName(displayName)
                .addArtifacts(ReleaseArtifact.newBuilder().setEcu(ecu).setArtifact(artifact.getName())).build());
    }

    Release release(String name) {
        return releases.get(name);
    }

    /** While set, MarkReleaseSigned fails with UNAVAILABLE (artifact-service down). */
    void refuseMarks(boolean refuse) {
        this.refuseMarks = refuse;
    }

    private Release create(CreateReleaseRequest request) {
        Release.Builder release = Release.newBuilder().setName("releases/" + UUID.randomUUID()).setDisplayName(request.getDisplayName())
                .setState(ReleaseState.RELEASE_STATE_CREATED);
        for (ReleaseArtifact item : request.getArtifactsList()) {
            Artifact details = artifacts.get(item.getArtifact());
            if (details == null) {
                throw Status.INVALID_ARGUMENT.withDescription("artifacts: " + item.getArtifact() + " does not exist").asRuntimeException();
            }
            release.addArtifacts(item.toBuilder().setDetails(details));
        }
        releases.put(release.getName(), release.build());
        return release.build();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private final class Service extends ArtifactServiceGrpc.ArtifactServiceImplBase {
        @Override
        public void createRelease(CreateReleaseRequest request, StreamObserver<CreateReleaseResponse> response) {
            response.onNext(CreateReleaseResponse.newBuilder().setRelease(create(request)).build());
            response.onCompleted();
        }

        @Override
        public void getRelease(GetReleaseRequest request, StreamObserver<GetReleaseResponse> response) {
            Release release = releases.get(request.getName());
            if (release == null) {
                response.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
                return;
            }
            response.onNext(GetReleaseResponse.newBuilder().setRelease(release).build());
            response.onCompleted();
        }

        @Override
        public void markReleaseSigned(MarkReleaseSignedRequest request, StreamObserver<MarkReleaseSignedResponse> response) {
            if (refuseMarks) {
                response.onError(Status.UNAVAILABLE.withDescription("artifact-service is down (test)").asRuntimeException());
                return;
            }
            Release signed = releases.computeIfPresent(request.getName(), (name, release) -> release.toBuilder()
                    .setState(ReleaseState.RELEASE_STATE_SIGNED).setTargetsVersion(request.getTargetsVersion()).build());
            if (signed == null) {
                response.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
                return;
            }
            response.onNext(MarkReleaseSignedResponse.newBuilder().setRelease(signed).build());
            response.onCompleted();
        }
    }
}
