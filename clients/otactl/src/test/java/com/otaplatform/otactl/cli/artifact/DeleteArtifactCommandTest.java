package com.otaplatform.otactl.cli.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.DeleteArtifactRequest;
import com.otaplatform.artifact.v1.DeleteArtifactResponse;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.artifact.v1.GetArtifactResponse;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.otactl.OtactlRunner;
import com.otaplatform.otactl.errors.ExitCode;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code otactl artifact delete} against a real gRPC server on a random loopback port. */
class DeleteArtifactCommandTest {
    private static final Artifact DEFAULT_ARTIFACT = Artifact.newBuilder().setName("artifacts/a1")
            .setSpec(ArtifactSpec.newBuilder().setFileName("adas.img").setVersion("2.4.1"))
            .setDigests(Digests.newBuilder().setSha256("ab".repeat(32)).setLength(10)).build();

    @TempDir
    Path dir;

    final Map<String, Artifact> artifacts = new ConcurrentHashMap<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    volatile Status deleteFailure;
    Server server;

    @BeforeEach
    void start() throws Exception {
        artifacts.put(DEFAULT_ARTIFACT.getName(), DEFAULT_ARTIFACT);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new ArtifactServiceGrpc.ArtifactServiceImplBase() {
            @Override
            public void getArtifact(GetArtifactRequest request, StreamObserver<GetArtifactResponse> responses) {
                Artifact artifact = artifacts.get(request.getName());
                if (artifact == null) {
                    responses.onError(Status.NOT_FOUND.withDescription(request.getName() + " not found").asRuntimeException());
                    return;
                }
                responses.onNext(GetArtifactResponse.newBuilder().setArtifact(artifact).build());
                responses.onCompleted();
            }

            @Override
            public void deleteArtifact(DeleteArtifactRequest request, StreamObserver<DeleteArtifactResponse> responses) {
                if (deleteFailure != null) {
                    responses.onError(deleteFailure.asRuntimeException());
                    return;
                }
                artifacts.remove(request.getName());
                deleted.add(request.getName());
                responses.onNext(DeleteArtifactResponse.getDefaultInstance());
                responses.onCompleted();
            }
        }).build().start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private OtactlRunner otactl() {
        return new OtactlRunner(dir.resolve("config")).env("OTACTL_TOKEN", "test-token")
                .env("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + server.getPort());
    }

    @Test
    void deletesByIdOrNameAndSaysWhat() {
        OtactlRunner.Result r = otactl().run("artifact", "delete", "a1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(deleted).containsExactly("artifacts/a1");
        assertThat(r.out()).contains("Deleted artifacts/a1 (adas.img 2.4.1, sha256 " + "ab".repeat(32) + ").");
    }

    @Test
    void printsTheDeletedArtifactAsJson() throws Exception {
        OtactlRunner.Result r = otactl().run("artifact", "delete", "artifacts/a1", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("name").asText()).isEqualTo("artifacts/a1");
    }

    @Test
    void mapsRefusalsToExitCodes() {
        assertThat(otactl().run("artifact", "delete", "nope").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        deleteFailure = Status.FAILED_PRECONDITION.withDescription("artifacts/a1 is used by adas-2026.11 (releases/r1)");
        OtactlRunner.Result used = otactl().run("artifact", "delete", "a1");
        assertThat(used.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(used.err()).contains("adas-2026.11");
        assertThat(deleted).isEmpty();
    }

    @Test
    void hasHelp() {
        OtactlRunner.Result r = otactl().run("artifact", "delete", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: otactl artifact delete").contains("no release uses");
    }
}
