package com.otaplatform.otactl.upload;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.artifact.v1.GetUploadRequest;
import com.otaplatform.artifact.v1.Upload;
import com.otaplatform.artifact.v1.UploadState;
import com.otaplatform.artifact.v1.WriteUploadRequest;
import com.otaplatform.artifact.v1.WriteUploadResponse;
import com.otaplatform.artifact.v1.WriteUploadStart;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Streams a file into an open upload with {@code WriteUpload}: a start message, then chunks read from the file only
 * as fast as the transport takes them ({@link ClientCallStreamObserver#isReady()} and the on-ready handler), so
 * memory stays flat whatever the file's size. When the stream breaks, asks {@code GetUpload} how far the upload got
 * and resumes from its committed offset, a bounded number of times.
 */
public final class StreamingUploader {
    /**
     * 128 KiB: the service's Vert.x gRPC transport gathers each message in a buffer that grows by doubling, and from
     * 512 KiB (half a G1 region at a 256 MiB heap) those buffers are humongous objects. With 1 MiB messages the upload
     * benchmark measured thousands of humongous-allocation and full GCs per push, and 6.8 MiB/s against 42.1 MiB/s.
     */
    public static final int DEFAULT_CHUNK_SIZE = 128 * 1024;
    public static final int DEFAULT_MAX_RESUMES = 5;

    /** Statuses after which resuming makes sense: the transport or the server broke, not the request. */
    private static final Set<Status.Code> RESUMABLE = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.ABORTED,
            Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED, Status.Code.INTERNAL, Status.Code.UNKNOWN,
            Status.Code.RESOURCE_EXHAUSTED);

    private final ArtifactServiceGrpc.ArtifactServiceStub async;
    // A fresh stub per call: a blocking stub's deadline counts from its creation, and a push can outlast it.
    private final Supplier<ArtifactServiceGrpc.ArtifactServiceBlockingStub> blocking;
    private final int chunkSize;
    private final int maxResumes;
    private final Duration backoff;

    public StreamingUploader(ArtifactServiceGrpc.ArtifactServiceStub async,
                             Supplier<ArtifactServiceGrpc.ArtifactServiceBlockingStub> blocking,
                             int chunkSize, int maxResumes, Duration backoff) {
        if (chunkSize <= 0 || chunkSize > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("chunk size must be 1 byte .. 4 MiB");
        }
        this.async = async;
        this.blocking = blocking;
        this.chunkSize = chunkSize;
        this.maxResumes = maxResumes;
        this.backoff = backoff;
    }

    /**
     * Writes {@code file} into {@code upload} from its committed offset on and returns the final response (with the
     * artifact when the upload got committed).
     */
    public WriteUploadResponse upload(Upload upload, Path file, UploadListener listener) throws InterruptedException {
        long total = upload.getDeclaredLength();
        long offset = upload.getCommittedOffset();
        int resumes = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != total) {
                throw new CliException(ExitCode.USAGE, file + " is " + channel.size() + " bytes but the upload declares " + total
                        + "; did the file change?");
            }
            listener.started(offset, total);
            while (true) {
                StatusRuntimeException failure;
                try {
                    WriteUploadResponse response = writeFrom(upload.getName(), channel, offset, total, listener);
                    if (response.getUpload().getState() == UploadState.UPLOAD_STATE_COMMITTED || response.hasArtifact()) {
                        return response;
                    }
                    long committed = response.getUpload().getCommittedOffset();
                    if (committed <= offset) {
                        throw new CliException(ExitCode.UNEXPECTED, "The server ended the upload stream at offset " + committed
                                + " of " + total + " without committing the artifact.");
                    }
                    failure = Status.ABORTED.withDescription("stream ended at " + committed + " of " + total).asRuntimeException();
                } catch (StatusRuntimeException e) {
                    if (!RESUMABLE.contains(e.getStatus().getCode()) && !isStaleOffset(e)) {
                        throw e;
                    }
                    failure = e;
                }
                if (++resumes > maxResumes) {
                    throw failure;
                }
                Thread.sleep(backoff.toMillis() * resumes);
                Upload now = getUpload(upload.getName(), failure);
                if (now.getState() == UploadState.UPLOAD_STATE_COMMITTED) {
                    return WriteUploadResponse.newBuilder().setUpload(now)
                            .setArtifact(blocking.get().getArtifact(GetArtifactRequest.newBuilder().setName(now.getArtifact()).build()).getArtifact())
                            .build();
                }
                if (now.getState() == UploadState.UPLOAD_STATE_CANCELLED) {
                    throw new CliException(ExitCode.CONFLICT, "The upload " + upload.getName() + " was cancelled or expired.", failure);
                }
                offset = now.getCommittedOffset();
                listener.resuming(offset, resumes, failure);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The server refused the start offset: after a cut it may still store the parts the broken stream
     * had delivered, so the committed offset can move on between GetUpload and the new stream. Asking again settles it.
     */
    private static boolean isStaleOffset(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && description != null && description.startsWith("start.offset:");
    }

    private Upload getUpload(String name, StatusRuntimeException streamFailure) {
        try {
            return blocking.get().getUpload(GetUploadRequest.newBuilder().setName(name).build()).getUpload();
        } catch (StatusRuntimeException e) {
            e.addSuppressed(streamFailure);
            throw e;
        }
    }

    private WriteUploadResponse writeFrom(String upload, FileChannel file, long offset, long total, UploadListener listener)
            throws InterruptedException {
        WriteStream stream = new WriteStream(upload, file, offset, total, listener);
        async.writeUpload(stream);
        try {
            return stream.result.get();
        } catch (InterruptedException e) {
            stream.cancel("interrupted");
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StatusRuntimeException sre) {
                throw sre;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io;
            }
            throw Status.fromThrowable(cause).asRuntimeException();
        }
    }

    /** One WriteUpload call: sends when the transport is ready, never buffers more than a chunk ahead. */
    private final class WriteStream implements ClientResponseObserver<WriteUploadRequest, WriteUploadResponse> {
        private final String upload;
        private final FileChannel file;
        private final long total;
        private final UploadListener listener;
        private final CompletableFuture<WriteUploadResponse> result = new CompletableFuture<>();
        private ClientCallStreamObserver<WriteUploadRequest> requests;
        private long position;
        private boolean startSent;
        private boolean finished;
        private WriteUploadResponse response;

        WriteStream(String upload, FileChannel file, long offset, long total, UploadListener listener) {
            this.upload = upload;
            this.file = file;
            this.position = offset;
            this.total = total;
            this.listener = listener;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WriteUploadRequest> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(this::pump);
        }

        /** Runs on gRPC's executor whenever the stream turns ready; sends until it is not. */
        private synchronized void pump() {
            try {
                while (!finished && !result.isDone() && requests.isReady()) {
                    if (!startSent) {
                        requests.onNext(WriteUploadRequest.newBuilder()
                                .setStart(WriteUploadStart.newBuilder().setUpload(upload).setOffset(position)).build());
                        startSent = true;
                    } else if (position < total) {
                        ByteString chunk = read((int) Math.min(chunkSize, total - position));
                        requests.onNext(WriteUploadRequest.newBuilder().setChunk(chunk).build());
                        position += chunk.size();
                        listener.progressed(position);
                    } else {
                        finished = true;
                        requests.onCompleted();
                    }
                }
            } catch (IOException e) {
                finished = true;
                requests.cancel("cannot read the file", e);
                result.completeExceptionally(new UncheckedIOException(e));
            } catch (RuntimeException e) {
                finished = true;
                requests.cancel("client failure", e);
                result.completeExceptionally(e);
            }
        }

        private ByteString read(int length) throws IOException {
            byte[] bytes = new byte[length];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long at = position;
            while (buffer.hasRemaining()) {
                int n = file.read(buffer, at);
                if (n < 0) {
                    throw new IOException("file ended at " + at + " of " + total + " bytes; did it change?");
                }
                at += n;
            }
            return UnsafeByteOperations.unsafeWrap(bytes);
        }

        synchronized void cancel(String why) {
            finished = true;
            if (requests != null) {
                requests.cancel(why, null);
            }
        }

        @Override
        public void onNext(WriteUploadResponse value) {
            response = value;
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            if (response == null) {
                result.completeExceptionally(Status.INTERNAL.withDescription("WriteUpload ended without a response").asRuntimeException());
            } else {
                result.complete(response);
            }
        }
    }

    /** How long {@link #upload} waits between a broken stream and the resume, per attempt. */
    public static Duration defaultBackoff() {
        return Duration.ofMillis(TimeUnit.SECONDS.toMillis(1));
    }
}
