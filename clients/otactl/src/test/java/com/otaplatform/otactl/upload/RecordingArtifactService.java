package com.otaplatform.otactl.upload;

import com.google.protobuf.Timestamp;
import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.CreateUploadRequest;
import com.otaplatform.artifact.v1.CreateUploadResponse;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.artifact.v1.GetArtifactResponse;
import com.otaplatform.artifact.v1.GetUploadRequest;
import com.otaplatform.artifact.v1.GetUploadResponse;
import com.otaplatform.artifact.v1.Upload;
import com.otaplatform.artifact.v1.UploadState;
import com.otaplatform.artifact.v1.WriteUploadRequest;
import com.otaplatform.artifact.v1.WriteUploadResponse;
import com.otaplatform.common.v1.Digests;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small ArtifactService for the upload tests: keeps the received bytes in memory, commits the artifact with its
 * SHA-256 when the declared length has arrived, and can cut a stream after a given number of bytes, consume slowly,
 * or refuse a call with a status.
 */
final class RecordingArtifactService extends ArtifactServiceGrpc.ArtifactServiceImplBase {
    static final class Stored {
        final CreateUploadRequest request;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Artifact artifact;

        Stored(CreateUploadRequest request) {
            this.request = request;
        }

        synchronized Upload upload(String name) {
            return Upload.newBuilder().setName(name).setDeclaredLength(request.getDeclaredLength())
                    .setCommittedOffset(data.size())
                    .setState(artifact != null ? UploadState.UPLOAD_STATE_COMMITTED : UploadState.UPLOAD_STATE_OPEN)
                    .setArtifact(artifact != null ? artifact.getName() : "")
                    .build();
        }
    }

    final Map<String, Stored> uploads = new ConcurrentHashMap<>();
    final Map<String, Artifact> artifacts = new ConcurrentHashMap<>();
    final List<Long> startOffsets = new CopyOnWriteArrayList<>();
    final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger getUploadCalls = new AtomicInteger();
    final AtomicLong received = new AtomicLong();
    private final AtomicInteger ids = new AtomicInteger();

    /** Cut the next stream once the upload holds this many bytes (keeping exactly these); -1: never. */
    volatile long cutAt = -1;
    /** How long handling each chunk takes, to make the client wait for flow control. */
    volatile long millisPerChunk;
    /** Refuse CreateUpload with this status when set. */
    volatile Status createFailure;
    /** Refuse the next WriteUpload's start as a server does when the committed offset moved on meanwhile. */
    volatile boolean staleOffsetOnce;
    /** Refuse every WriteUpload with this status after its first chunk when set. */
    volatile Status writeFailure;

    @Override
    public void createUpload(CreateUploadRequest request, StreamObserver<CreateUploadResponse> responses) {
        if (createFailure != null) {
            responses.onError(createFailure.asRuntimeException());
            return;
        }
        String name = "uploads/u" + ids.incrementAndGet();
        Stored stored = new Stored(request);
        uploads.put(name, stored);
        responses.onNext(CreateUploadResponse.newBuilder().setUpload(stored.upload(name)).build());
        responses.onCompleted();
    }

    @Override
    public void getUpload(GetUploadRequest request, StreamObserver<GetUploadResponse> responses) {
        getUploadCalls.incrementAndGet();
        Stored stored = uploads.get(request.getName());
        if (stored == null) {
            responses.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
            return;
        }
        responses.onNext(GetUploadResponse.newBuilder().setUpload(stored.upload(request.getName())).build());
        responses.onCompleted();
    }

    @Override
    public void getArtifact(GetArtifactRequest request, StreamObserver<GetArtifactResponse> responses) {
        Artifact a = artifacts.get(request.getName());
        if (a == null) {
            responses.onError(Status.NOT_FOUND.withDescription(request.getName()).asRuntimeException());
            return;
        }
        responses.onNext(GetArtifactResponse.newBuilder().setArtifact(a).build());
        responses.onCompleted();
    }

    @Override
    public StreamObserver<WriteUploadRequest> writeUpload(StreamObserver<WriteUploadResponse> responses) {
        return new StreamObserver<>() {
            String name;
            Stored stored;
            boolean closed;

            @Override
            public void onNext(WriteUploadRequest request) {
                if (closed) {
                    return;
                }
                if (request.hasStart()) {
                    name = request.getStart().getUpload();
                    stored = uploads.get(name);
                    if (stored == null) {
                        fail(Status.NOT_FOUND.withDescription(name));
                        return;
                    }
                    startOffsets.add(request.getStart().getOffset());
                    if (staleOffsetOnce) {
                        staleOffsetOnce = false;
                        fail(Status.INVALID_ARGUMENT.withDescription("start.offset: must be the upload's committed offset"));
                        return;
                    }
                    if (request.getStart().getOffset() != stored.data.size()) {
                        fail(Status.FAILED_PRECONDITION.withDescription("offset " + request.getStart().getOffset()
                                + " is not the committed offset " + stored.data.size()));
                    }
                    return;
                }
                if (stored == null) {
                    fail(Status.INVALID_ARGUMENT.withDescription("start: the first message must name the upload"));
                    return;
                }
                if (writeFailure != null) {
                    fail(writeFailure);
                    return;
                }
                sleep(millisPerChunk);
                byte[] bytes = request.getChunk().toByteArray();
                chunkSizes.add(bytes.length);
                received.addAndGet(bytes.length);
                synchronized (stored) {
                    long cut = cutAt;
                    if (cut >= 0 && stored.data.size() + bytes.length >= cut) {
                        stored.data.write(bytes, 0, (int) (cut - stored.data.size()));
                        cutAt = -1;
                        fail(Status.UNAVAILABLE.withDescription("simulated connection cut"));
                        return;
                    }
                    stored.data.write(bytes, 0, bytes.length);
                    long declared = stored.request.getDeclaredLength();
                    if (stored.data.size() > declared) {
                        fail(Status.OUT_OF_RANGE.withDescription("more bytes than declared_length"));
                        return;
                    }
                    if (stored.data.size() == declared) {
                        commit();
                    }
                }
            }

            private void commit() {
                byte[] all = stored.data.toByteArray();
                String sha256 = sha256(all);
                if (!stored.request.getDeclaredSha256().isEmpty() && !stored.request.getDeclaredSha256().equals(sha256)) {
                    fail(Status.INVALID_ARGUMENT.withDescription("declared_sha256 does not match the bytes received"));
                    return;
                }
                Artifact artifact = Artifact.newBuilder()
                        .setName("artifacts/a-" + sha256.substring(0, 12))
                        .setSpec(stored.request.getSpec())
                        .setDigests(Digests.newBuilder().setSha256(sha256).setLength(all.length))
                        .setCreateTime(Timestamp.newBuilder().setSeconds(1_790_000_000))
                        .build();
                stored.artifact = artifact;
                artifacts.put(artifact.getName(), artifact);
                closed = true;
                responses.onNext(WriteUploadResponse.newBuilder().setUpload(stored.upload(name)).setArtifact(artifact).build());
                responses.onCompleted();
            }

            private void fail(Status status) {
                closed = true;
                responses.onError(status.asRuntimeException());
            }

            @Override
            public void onError(Throwable t) {
                closed = true;
            }

            @Override
            public void onCompleted() {
                if (!closed) {
                    closed = true;
                    responses.onNext(WriteUploadResponse.newBuilder().setUpload(stored.upload(name)).build());
                    responses.onCompleted();
                }
            }
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
