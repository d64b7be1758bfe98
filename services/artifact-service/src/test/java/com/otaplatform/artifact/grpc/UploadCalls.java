package com.otaplatform.artifact.grpc;

import com.google.protobuf.ByteString;
import com.otaplatform.artifact.v1.*;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Upload calls over a real gRPC channel, shared by the upload tests. */
final class UploadCalls {
    static final int MIB = 1 << 20;
    // Guards against a hang only, never a speed check: a loaded CI machine may be many times slower than a desk.
    private static final int STREAM_TIMEOUT_MINUTES = 5;
    private static final int AWAIT_POLLS = 1200;

    private final ManagedChannel channel;

    UploadCalls(ManagedChannel channel) {
        this.channel = channel;
    }

    ArtifactServiceGrpc.ArtifactServiceBlockingStub blocking(String user) {
        return ArtifactServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    ArtifactServiceGrpc.ArtifactServiceStub async(String user) {
        return ArtifactServiceGrpc.newStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    static ArtifactSpec createDefaultSpec() {
        return ArtifactSpec.newBuilder()
                .setKind(ArtifactKind.ARTIFACT_KIND_FIRMWARE)
                .addTargets(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3"))
                .setVersion("2.4.1")
                .setFileName("adas-2.4.1.img")
                .setProvenance(BuildProvenance.newBuilder().setCiJob("ci/123").setCommit("abc123"))
                .build();
    }

    Upload create(long declaredLength, String declaredSha256) {
        return blocking("rel-eng").createUpload(CreateUploadRequest.newBuilder().setSpec(createDefaultSpec())
                .setDeclaredLength(declaredLength).setDeclaredSha256(declaredSha256).build()).getUpload();
    }

    Upload get(String name) {
        return blocking("rel-eng").getUpload(GetUploadRequest.newBuilder().setName(name).build()).getUpload();
    }

    /** One WriteUpload stream: start at {@code offset}, send {@code bytes[from, to)} in 1 MiB chunks, half-close. */
    WriteUploadResponse write(String upload, long offset, byte[] bytes, int from, int to) throws Exception {
        CompletableFuture<WriteUploadResponse> done = new CompletableFuture<>();
        StreamObserver<WriteUploadRequest> stream = async("rel-eng").writeUpload(observer(done));
        stream.onNext(start(upload, offset));
        for (int at = from; at < to; at += MIB) {
            stream.onNext(WriteUploadRequest.newBuilder().setChunk(ByteString.copyFrom(bytes, at, Math.min(MIB, to - at))).build());
        }
        stream.onCompleted();
        try {
            return done.get(STREAM_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** A stream that sends {@code bytes[from, to)} and is cut off by the client once {@code cutAt} bytes are committed. */
    void writeAndCut(String upload, long offset, byte[] bytes, int from, int to, long cutAt) throws InterruptedException {
        CompletableFuture<WriteUploadResponse> done = new CompletableFuture<>();
        StreamObserver<WriteUploadRequest> stream = async("rel-eng").writeUpload(observer(done));
        stream.onNext(start(upload, offset));
        for (int at = from; at < to; at += MIB) {
            stream.onNext(WriteUploadRequest.newBuilder().setChunk(ByteString.copyFrom(bytes, at, Math.min(MIB, to - at))).build());
        }
        // Cut only once the server stored what the test expects to survive, as a connection that drops later would.
        awaitUpload(upload, u -> u.getCommittedOffset() >= cutAt);
        Thread.sleep(200);
        stream.onError(Status.CANCELLED.withDescription("client went away").asRuntimeException());
    }

    /** Pushes {@code bytes} in one stream and returns the artifact. */
    Artifact push(byte[] bytes, String declaredSha256) throws Exception {
        Upload upload = create(bytes.length, declaredSha256);
        return write(upload.getName(), 0, bytes, 0, bytes.length).getArtifact();
    }

    /** Polls GetUpload every 100 ms until {@code done} holds or two minutes pass; returns the last answer. */
    Upload awaitUpload(String name, java.util.function.Predicate<Upload> done) throws InterruptedException {
        Upload upload = get(name);
        for (int i = 0; i < AWAIT_POLLS && !done.test(upload); i++) {
            Thread.sleep(100);
            upload = get(name);
        }
        return upload;
    }

    static WriteUploadRequest start(String upload, long offset) {
        return WriteUploadRequest.newBuilder().setStart(WriteUploadStart.newBuilder().setUpload(upload).setOffset(offset)).build();
    }

    static <T> StreamObserver<T> observer(CompletableFuture<T> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
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
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        // Fresh bytes every run, so that no blob of an earlier run hides the copy into the content address.
        new Random().nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha512(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    }
}
