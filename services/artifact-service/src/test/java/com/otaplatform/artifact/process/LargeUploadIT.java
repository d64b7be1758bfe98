package com.otaplatform.artifact.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnsafeByteOperations;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.ServiceProcess;
import com.otaplatform.testkit.TestChannels;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A file larger than the service's heap streams through the packaged service (-Xmx96m), survives
 * a crash of the service halfway (the upload resumes at its last stored part after the restart),
 * and reads back byte-exact by presigned URL.
 */
class LargeUploadIT {
    private static final int MIB = 1 << 20;
    // 512 KiB messages (otactl push --chunk-size 524288). With 1 MiB messages every chunk array is a G1 humongous
    // object of two 1 MiB regions; the gRPC transport queues up to 16 messages before it stops reading, and that
    // waste alone (~40 MiB) overflows a 96 MiB heap. 256 MiB (the benchmark's ceiling) is ample for 1 MiB chunks.
    private static final int CHUNK = 512 * 1024;
    private static final long LENGTH = 300L * MIB + 12_345;
    private static final String HEAP = "96m";
    private static final Path ROOT = Path.of("../..");
    private static final Path LOGS = Path.of("target", "it-logs");

    /** The packaged service on a free port against the test database and bucket, with a GC log beside its own. */
    private static ServiceProcess startService() throws Exception {
        int port = ServiceProcess.freePort();
        return ServiceProcess.quarkusService(ROOT, "artifact-service", HEAP, port, Map.of(
                "OTA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/ota_test",
                "OTA_S3_BUCKET", "ota-test",
                "QUARKUS_LOG_CATEGORY__COM_OTAPLATFORM__LEVEL", "DEBUG",
                // read by the java launcher: the heap's story, should it run short
                "JDK_JAVA_OPTIONS", "-Xlog:gc:file=" + LOGS.resolve("gc-" + port + ".log")), LOGS.resolve("artifact-service-" + port + ".log"));
    }

    /** Block {@code i} (one chunk) of the test file: seeded per block and per run, so any offset can be regenerated without keeping the file. */
    private static byte[] block(long seed, long index) {
        byte[] bytes = new byte[(int) Math.min(CHUNK, LENGTH - index * CHUNK)];
        new Random(seed * 1_000_003 + index).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(long seed, long from, long to) throws Exception {
        return hash("SHA-256", seed, from, to);
    }

    private static String hash(String algorithm, long seed, long from, long to) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        for (long i = from / CHUNK; i * CHUNK < to; i++) {
            byte[] b = block(seed, i);
            int start = (int) Math.max(0, from - i * CHUNK);
            int end = (int) Math.min(b.length, to - i * CHUNK);
            digest.update(b, start, end - start);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldStreamAFileLargerThanTheHeapAndResumeItAfterTheServiceCrashed() throws Exception {
        long seed = System.nanoTime();
        String expected = sha256(seed, 0, LENGTH);
        String expectedSha512 = hash("SHA-512", seed, 0, LENGTH);
        ServiceProcess service = startService();
        try {
            ManagedChannel channel = TestChannels.loopback(service.port());
            var blocking = ArtifactServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("rel-eng")));
            Upload upload = blocking.createUpload(CreateUploadRequest.newBuilder().setDeclaredLength(LENGTH).setDeclaredSha256(expected)
                    .setSpec(ArtifactSpec.newBuilder().setKind(ArtifactKind.ARTIFACT_KIND_AD_MODEL).setVersion("1.0.0").setFileName("model.bin")
                            .addTargets(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3"))).build()).getUpload();

            // First stream: crash the service once 100 MiB are stored.
            CompletableFuture<WriteUploadResponse> first = stream(channel, upload.getName(), 0, seed);
            long committed = 0;
            for (int i = 0; i < 600 && committed < 100L * MIB; i++) {
                Thread.sleep(100);
                committed = blocking.getUpload(GetUploadRequest.newBuilder().setName(upload.getName()).build()).getUpload().getCommittedOffset();
            }
            assertThat(committed).as("committed before the crash").isGreaterThanOrEqualTo(100L * MIB);
            long peakBeforeCrash = service.peakRssBytes();
            service.kill();
            first.handle((r, e) -> null).get(30, TimeUnit.SECONDS);
            TestChannels.close(channel);

            service = startService();
            channel = TestChannels.loopback(service.port());
            blocking = ArtifactServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("rel-eng")));
            Upload after = blocking.getUpload(GetUploadRequest.newBuilder().setName(upload.getName()).build()).getUpload();
            assertThat(after.getState()).isEqualTo(UploadState.UPLOAD_STATE_OPEN);
            assertThat(after.getCommittedOffset()).isGreaterThanOrEqualTo(committed).isLessThan(LENGTH);
            assertThat(after.getCommittedOffset() % (16L * MIB)).as("a part boundary").isZero();

            WriteUploadResponse done = stream(channel, upload.getName(), after.getCommittedOffset(), seed).get(4, TimeUnit.MINUTES);

            // The restarted service holds no running digests for this upload: it hashes the joined parts back from the store.
            assertThat(done.getArtifact().getDigests().getSha256()).isEqualTo(expected);
            assertThat(done.getArtifact().getDigests().getSha512()).isEqualTo(expectedSha512);
            assertThat(done.getArtifact().getDigests().getLength()).isEqualTo(LENGTH);
            assertThat(service.isAlive()).isTrue();
            assertThat(service.logText()).doesNotContain("OutOfMemoryError");
            System.out.printf("LargeUploadIT: %d MiB through -Xmx%s; peak RSS %d MiB before the crash, %d MiB after the restart%n",
                    LENGTH / MIB, HEAP, peakBeforeCrash / MIB, service.peakRssBytes() / MIB);

            String url = blocking.getDownloadUrl(GetDownloadUrlRequest.newBuilder().setName(done.getArtifact().getName()).build()).getUrl();
            HttpClient http = HttpClient.newHttpClient();
            long from = LENGTH - 3L * MIB - 777;
            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=" + from + "-").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(range.body()))).isEqualTo(sha256(seed, from, LENGTH));
            HttpResponse<InputStream> whole = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = whole.body()) {
                byte[] buffer = new byte[MIB];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expected);
            TestChannels.close(channel);
        } finally {
            service.close();
        }
    }

    /** Streams the file from {@code offset} with flow control (never more than the transport takes). */
    private static CompletableFuture<WriteUploadResponse> stream(ManagedChannel channel, String upload, long offset, long seed) {
        CompletableFuture<WriteUploadResponse> done = new CompletableFuture<>();
        StreamObserver<WriteUploadResponse> responses = new StreamObserver<>() {
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
            }
        };
        var requests = (ClientCallStreamObserver<WriteUploadRequest>) ArtifactServiceGrpc.newStub(channel)
                .withCallCredentials(BearerToken.of(Keycloak.userToken("rel-eng"))).writeUpload(responses);
        Thread sender = new Thread(() -> {
            try {
                requests.onNext(WriteUploadRequest.newBuilder().setStart(WriteUploadStart.newBuilder().setUpload(upload).setOffset(offset)).build());
                for (long i = offset / CHUNK; i * CHUNK < LENGTH && !done.isDone(); i++) {
                    while (!requests.isReady() && !done.isDone()) {
                        Thread.sleep(1);
                    }
                    requests.onNext(WriteUploadRequest.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(block(seed, i))).build());
                }
                requests.onCompleted();
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "it-sender");
        sender.setDaemon(true);
        sender.start();
        return done;
    }
}
