package com.otaplatform.rollout.process;

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
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.ListUpdateOutcomesRequest;
import com.otaplatform.fleet.v1.ListUpdateOutcomesResponse;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What rollout-service reads from its peers, on one loopback port, for the tests of the packaged service without
 * them (the end-to-end tests run the real ones): artifact-service's {@code GetRelease} of one release, and
 * checkin-service's outcome feed {@code ListUpdateOutcomes}, served in sequence order as checkin-service serves it.
 */
final class TestUpstreams implements AutoCloseable {
    /** The one release, of one adas-main image. */
    static final String RELEASE = "releases/" + UUID.randomUUID();

    private final List<VehicleEvent> feed = new ArrayList<>();
    private final Server server;

    private TestUpstreams() throws IOException {
        this.server = ServerBuilder.forPort(0).addService(new Artifacts()).addService(new Fleet()).build().start();
    }

    /** Serves on a free port. */
    static TestUpstreams start() throws IOException {
        return new TestUpstreams();
    }

    int port() {
        return server.getPort();
    }

    /** Appends one status event of {@code vin} in {@code rollout} to the outcome feed, as check-in stores a vehicle's report. */
    synchronized void report(String rollout, String vin, UpdatePhase phase) {
        feed.add(VehicleEvent.newBuilder().setSequence(feed.size() + 1L).setVin(vin).setEvent(StatusEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setRollout(rollout).setPhase(phase)).build());
    }

    private synchronized ListUpdateOutcomesResponse after(long sequence, int pageSize) {
        List<VehicleEvent> page = feed.subList((int) Math.min(sequence, feed.size()), (int) Math.min(sequence + pageSize, feed.size()));
        return ListUpdateOutcomesResponse.newBuilder().addAllEvents(page)
                .setLastSequence(page.isEmpty() ? sequence : page.get(page.size() - 1).getSequence()).build();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static final class Artifacts extends ArtifactServiceGrpc.ArtifactServiceImplBase {
        @Override
        public void getRelease(GetReleaseRequest request, StreamObserver<GetReleaseResponse> response) {
            if (!request.getName().equals(RELEASE)) {
                response.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
                return;
            }
            ArtifactSpec spec = ArtifactSpec.newBuilder().addTargets(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3"))
                    .setVersion("4.0.0").setFileName("adas.img").setReleaseCounter(4).build();
            Artifact artifact = Artifact.newBuilder().setName("artifacts/" + UUID.nameUUIDFromBytes(RELEASE.getBytes())).setSpec(spec)
                    .setDigests(Digests.newBuilder().setSha256("a".repeat(64)).setSha512("b".repeat(128)).setLength(1024)).build();
            response.onNext(GetReleaseResponse.newBuilder().setRelease(Release.newBuilder().setName(RELEASE).setDisplayName("adas-4.0.0")
                    .setState(ReleaseState.RELEASE_STATE_SIGNED)
                    .addArtifacts(ReleaseArtifact.newBuilder().setEcu("adas-main").setArtifact(artifact.getName()).setDetails(artifact)))
                    .build());
            response.onCompleted();
        }
    }

    private final class Fleet extends FleetServiceGrpc.FleetServiceImplBase {
        @Override
        public void listUpdateOutcomes(ListUpdateOutcomesRequest request, StreamObserver<ListUpdateOutcomesResponse> response) {
            response.onNext(after(request.getAfterSequence(), request.getPageSize() == 0 ? 1000 : request.getPageSize()));
            response.onCompleted();
        }
    }
}
