package com.otaplatform.otactl.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.artifact.v1.ArtifactKind;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.CreateUploadRequest;
import com.otaplatform.artifact.v1.Upload;
import com.otaplatform.artifact.v1.WriteUploadResponse;
import com.otaplatform.otactl.OtactlRunner;
import com.otaplatform.otactl.errors.ExitCode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming upload client against a real gRPC server on a random loopback port. */
@Timeout(120)
class StreamingUploadTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    RecordingArtifactService service;
    Server server;
    ManagedChannel channel;
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        service = new RecordingArtifactService();
        ServerInterceptor recordAuth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                authorizations.add(String.valueOf(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER))));
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recordAuth))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Path randomFile(long length) throws IOException {
        Path file = dir.resolve("image-" + length + ".bin");
        Random random = new Random(length);
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = length; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private StreamingUploader uploader() {
        return new StreamingUploader(ArtifactServiceGrpc.newStub(channel), () -> ArtifactServiceGrpc.newBlockingStub(channel),
                StreamingUploader.DEFAULT_CHUNK_SIZE, 3, Duration.ofMillis(10));
    }

    private Upload create(long length) {
        return ArtifactServiceGrpc.newBlockingStub(channel).createUpload(CreateUploadRequest.newBuilder()
                .setSpec(ArtifactSpec.newBuilder().setKind(ArtifactKind.ARTIFACT_KIND_FIRMWARE).setVersion("1.0.0"))
                .setDeclaredLength(length).build()).getUpload();
    }

    @Test
    void twentyMebibytesArriveByteExactInChunks() throws Exception {
        Path file = randomFile(20L * MIB);
        Upload upload = create(Files.size(file));
        WriteUploadResponse response = uploader().upload(upload, file, UploadListener.NONE);

        byte[] expected = Files.readAllBytes(file);
        assertThat(service.uploads.get(upload.getName()).request.getDeclaredLength()).isEqualTo(20L * MIB);
        assertThat(service.uploads.get(upload.getName()).data.toByteArray()).isEqualTo(expected);
        assertThat(service.chunkSizes).hasSize(20 * MIB / StreamingUploader.DEFAULT_CHUNK_SIZE)
                .allMatch(size -> size == StreamingUploader.DEFAULT_CHUNK_SIZE);
        assertThat(service.startOffsets).containsExactly(0L);
        assertThat(response.getArtifact().getDigests().getSha256()).isEqualTo(RecordingArtifactService.sha256(expected));
        assertThat(response.getArtifact().getDigests().getLength()).isEqualTo(20L * MIB);
    }

    @Test
    void aCutStreamResumesFromTheCommittedOffset() throws Exception {
        Path file = randomFile(20L * MIB + 777);
        long cut = 7L * MIB + 12_345;
        service.cutAt = cut;
        Upload upload = create(Files.size(file));
        List<Long> resumedAt = new CopyOnWriteArrayList<>();
        UploadListener listener = new UploadListener() {
            @Override
            public void resuming(long committedOffset, int attempt, Throwable cause) {
                resumedAt.add(committedOffset);
            }
        };

        WriteUploadResponse response = uploader().upload(upload, file, listener);

        byte[] expected = Files.readAllBytes(file);
        assertThat(service.getUploadCalls.get()).isEqualTo(1);
        assertThat(service.startOffsets).containsExactly(0L, cut);
        assertThat(resumedAt).containsExactly(cut);
        assertThat(service.uploads.get(upload.getName()).data.toByteArray()).isEqualTo(expected);
        assertThat(response.getArtifact().getDigests().getSha256()).isEqualTo(RecordingArtifactService.sha256(expected));
    }

    @Test
    void aResumeLaterThanTheUnaryDeadlineStillAsksHowFarTheUploadGot() throws Exception {
        Path file = randomFile(4L * MIB);
        service.millisPerChunk = 700;
        service.cutAt = 2L * MIB + 1;
        Upload upload = create(Files.size(file));
        // Each unary call may take one second; the cut comes after about two, so a stub made at the start would be expired.
        StreamingUploader uploader = new StreamingUploader(ArtifactServiceGrpc.newStub(channel),
                () -> ArtifactServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS),
                StreamingUploader.DEFAULT_CHUNK_SIZE, 3, Duration.ofMillis(10));

        WriteUploadResponse response = uploader.upload(upload, file, UploadListener.NONE);

        assertThat(service.startOffsets).containsExactly(0L, 2L * MIB + 1);
        assertThat(response.getArtifact().getDigests().getSha256()).isEqualTo(RecordingArtifactService.sha256(Files.readAllBytes(file)));
    }

    @Test
    void theClientWaitsForASlowServerInsteadOfBuffering() throws Exception {
        Path file = randomFile(24L * MIB);
        service.millisPerChunk = 25;
        Upload upload = create(Files.size(file));
        AtomicLong maxLead = new AtomicLong();
        UploadListener listener = new UploadListener() {
            @Override
            public void progressed(long position) {
                maxLead.accumulateAndGet(position - service.received.get(), Math::max);
            }
        };

        uploader().upload(upload, file, listener);

        assertThat(service.uploads.get(upload.getName()).data.size()).isEqualTo(24 * MIB);
        // Without flow control the whole file would be queued at once (a lead of ~24 MiB).
        assertThat(maxLead.get()).isLessThan(8L * MIB);
    }

    @Test
    void aRefusedWriteIsNotRetried() throws Exception {
        Path file = randomFile(3L * MIB);
        service.writeFailure = Status.INVALID_ARGUMENT.withDescription("declared_sha256 does not match");
        Upload upload = create(Files.size(file));
        assertThatThrownBy(() -> uploader().upload(upload, file, UploadListener.NONE))
                .isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("declared_sha256");
        assertThat(service.getUploadCalls.get()).isZero();
        assertThat(service.startOffsets).hasSize(1);
    }

    @Test
    void resumingGivesUpAfterTheLimit() throws Exception {
        Path file = randomFile(2L * MIB);
        service.writeFailure = Status.UNAVAILABLE.withDescription("always down");
        Upload upload = create(Files.size(file));
        assertThatThrownBy(() -> uploader().upload(upload, file, UploadListener.NONE))
                .isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("always down");
        assertThat(service.startOffsets).hasSize(4);
        assertThat(service.getUploadCalls.get()).isEqualTo(3);
    }

    // --- the whole `otactl push` command over the same server ---

    private OtactlRunner otactl() {
        return new OtactlRunner(dir.resolve("config"))
                .env("OTACTL_TOKEN", "test-token")
                .env("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + server.getPort());
    }

    @Test
    void pushCommandUploadsAndPrintsTheArtifact() throws Exception {
        Path file = randomFile(5L * MIB + 3);
        OtactlRunner.Result r = otactl().run("push", file.toString(), "--kind", "ad-model", "--ecu", "adas-main", "--hw", "adas-v3",
                "--version", "2.4.1", "--release-counter", "7", "--ci-job", "job-1", "--commit", "abc123",
                "--label", "team=perception", "--label", "track=beta");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String sha = RecordingArtifactService.sha256(Files.readAllBytes(file));
        assertThat(r.out()).contains("artifact: artifacts/a-" + sha.substring(0, 12)).contains("sha256:   " + sha)
                .contains("length:   " + (5L * MIB + 3));
        CreateUploadRequest sent = service.uploads.values().iterator().next().request;
        assertThat(sent.getDeclaredLength()).isEqualTo(5L * MIB + 3);
        assertThat(sent.getDeclaredSha256()).as("declared by default").isEqualTo(sha);
        assertThat(sent.getSpec().getKind()).isEqualTo(ArtifactKind.ARTIFACT_KIND_AD_MODEL);
        assertThat(sent.getSpec().getTargets(0).getEcu()).isEqualTo("adas-main");
        assertThat(sent.getSpec().getTargets(0).getHardwareId()).isEqualTo("adas-v3");
        assertThat(sent.getSpec().getVersion()).isEqualTo("2.4.1");
        assertThat(sent.getSpec().getReleaseCounter()).isEqualTo(7);
        assertThat(sent.getSpec().getFileName()).isEqualTo(file.getFileName().toString());
        assertThat(sent.getSpec().getProvenance().getCiJob()).isEqualTo("job-1");
        assertThat(sent.getSpec().getProvenance().getCommit()).isEqualTo("abc123");
        assertThat(sent.getSpec().getLabelsMap()).containsEntry("team", "perception").containsEntry("track", "beta");
        assertThat(authorizations).isNotEmpty().allMatch("Bearer test-token"::equals);
    }

    @Test
    void pushCommandPrintsJson() throws Exception {
        Path file = randomFile(1000);
        OtactlRunner.Result r = otactl().run("push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "bcm-v1",
                "--version", "1.0.0", "--no-verify-hash", "--output", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(service.uploads.values().iterator().next().request.getDeclaredSha256()).as("--no-verify-hash declares none").isEmpty();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("name").asText()).startsWith("artifacts/");
        assertThat(json.get("digests").get("length").asText()).isEqualTo("1000");
        assertThat(json.get("spec").get("kind").asText()).isEqualTo("ARTIFACT_KIND_FIRMWARE");
    }

    @Test
    void pushCommandMapsServerRefusals() throws Exception {
        Path file = randomFile(1000);
        service.createFailure = Status.PERMISSION_DENIED.withDescription("CreateUpload requires role release-engineer");
        OtactlRunner.Result denied = otactl().run("push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "bcm-v1",
                "--version", "1.0.0");
        assertThat(denied.exitCode()).isEqualTo(ExitCode.PERMISSION_DENIED);
        assertThat(denied.err()).contains("needs role release-engineer");

        service.createFailure = Status.INVALID_ARGUMENT.withDescription("spec.targets[0].hardware_id: unknown hardware");
        OtactlRunner.Result invalid = otactl().run("push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "nope",
                "--version", "1.0.0");
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID_ARGUMENT);
        assertThat(invalid.err()).contains("spec.targets[0].hardware_id: unknown hardware");

        service.createFailure = Status.UNAUTHENTICATED.withDescription("token expired");
        OtactlRunner.Result unauthenticated = otactl().run("push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "bcm-v1",
                "--version", "1.0.0");
        assertThat(unauthenticated.exitCode()).isEqualTo(ExitCode.NOT_AUTHENTICATED);
        assertThat(unauthenticated.err()).contains("otactl login");
    }

    @Test
    void pushCommandResumesACutStream() throws Exception {
        Path file = randomFile(4L * MIB);
        service.cutAt = 3L * MIB / 2;
        OtactlRunner.Result r = otactl().run("push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "bcm-v1",
                "--version", "1.0.0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("resuming at byte " + (3L * MIB / 2));
        assertThat(service.uploads.values().iterator().next().data.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void pushCommandResumesAcrossRunsFromTheCommittedOffset() throws Exception {
        Path file = randomFile(6L * MIB);
        long cut = 2L * MIB + 5;
        service.cutAt = cut;
        String[] push = {"push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "bcm-v1", "--version", "1.0.0",
                "--max-resumes", "0"};

        OtactlRunner.Result interrupted = otactl().run(push);
        assertThat(interrupted.exitCode()).as(interrupted.err()).isEqualTo(ExitCode.UNAVAILABLE);

        OtactlRunner.Result resumed = otactl().run(push);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("Resuming uploads/u1 from an earlier run at byte " + cut + " of " + 6L * MIB);
        assertThat(service.uploads).hasSize(1);
        assertThat(service.startOffsets).containsExactly(0L, cut);
        assertThat(service.uploads.get("uploads/u1").data.toByteArray()).isEqualTo(Files.readAllBytes(file));
        assertThat(dir.resolve("config").resolve("uploads")).isEmptyDirectory();

        OtactlRunner.Result again = otactl().run(push);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(service.uploads).as("a finished push is forgotten; pushing again makes a new upload").hasSize(2);
    }

    @Test
    void pushCommandStartsOverWhenTheEarlierUploadWasCancelled() throws Exception {
        Path file = randomFile(3L * MIB);
        service.cutAt = MIB;
        String[] push = {"push", file.toString(), "--kind", "firmware", "--ecu", "bcm", "--hw", "bcm-v1", "--version", "1.0.0",
                "--max-resumes", "0"};
        assertThat(otactl().run(push).exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        service.uploads.remove("uploads/u1");

        OtactlRunner.Result fresh = otactl().run(push);

        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.err()).doesNotContain("Resuming");
        assertThat(service.uploads.get("uploads/u2").data.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void aStaleStartOffsetIsAskedAgainInsteadOfEndingThePush() throws Exception {
        Path file = randomFile(4L * MIB);
        service.staleOffsetOnce = true;
        Upload upload = create(Files.size(file));
        WriteUploadResponse response = uploader().upload(upload, file, UploadListener.NONE);
        assertThat(response.getArtifact().getDigests().getLength()).isEqualTo(4L * MIB);
        assertThat(service.getUploadCalls.get()).isEqualTo(1);
    }
}
