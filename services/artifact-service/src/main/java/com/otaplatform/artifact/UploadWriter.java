package com.otaplatform.artifact;

import com.google.protobuf.ByteString;
import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.common.ApiException;
import io.grpc.Status;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams one WriteUpload's bytes into an upload's multipart parts. The receiving thread hashes
 * SHA-256 and hands the bytes through a bounded queue to a storing thread that hashes SHA-512,
 * fills one part buffer, stores each full part and records it with the new committed offset and
 * both digest states, so that the upload resumes at that part boundary after a cut or a restart.
 */
public final class UploadWriter {
    // With chunks of at most a few MiB this bounds what waits for the store to a few chunks.
    private static final int QUEUE_PIECES = 4;
    private static final int SCRATCH_BYTES = 64 * 1024;
    private static final Piece END = new Piece(ByteString.EMPTY, 0, 0, false, null);

    private final Upload upload;
    private final long partBytes;
    // Null when the upload resumes where this process holds no resume point.
    private final RunningDigest sha256;
    private final BlockingQueue<Piece> pieces = new ArrayBlockingQueue<>(QUEUE_PIECES);
    private final PartSink sink;
    private final CompletableFuture<PartSink.Stored> storing;
    private final ArtifactManagement management;
    // Hashing goes through a small array instead of a copy of every chunk: large arrays are costly on a small heap.
    private final byte[] scratch = new byte[SCRATCH_BYTES];
    private long received;
    private volatile boolean ended;

    /** Writes {@code upload} from its committed offset; {@code from} is the resume point there, or null when this process has none. */
    UploadWriter(Upload upload, ResumePoint from, int partBytes, ArtifactStorage storage, ArtifactManagement management, Executor executor) {
        this.upload = upload;
        this.partBytes = partBytes;
        this.management = management;
        this.received = upload.committedOffset();
        this.sha256 = from == null ? null : from.sha256().copy();
        this.sink = new PartSink(upload, from == null ? null : from.sha512().copy(), partBytes, pieces, END, storage, management);
        this.storing = CompletableFuture.supplyAsync(sink::run, executor);
    }

    /** The upload being written. */
    public java.util.UUID uploadId() {
        return upload.id();
    }

    /** Appends the next chunk; refuses bytes past the declared length, which cancels the upload. */
    public void write(ByteString chunk) {
        if (ended) {
            throw superseded();
        }
        if (received + chunk.size() > upload.declaredLength()) {
            ApiException tooLong = ApiException.invalidField("chunk", "the stream carries more bytes than declared_length ("
                    + upload.declaredLength() + "); the upload is cancelled and nothing was stored");
            stop(true);
            management.cancelUpload(upload.id());
            throw tooLong;
        }
        int at = 0;
        while (at < chunk.size()) {
            // Split at part boundaries so that the SHA-256 state is taken exactly where a part ends.
            long partEnd = Math.min(upload.declaredLength(), (received / partBytes + 1) * partBytes);
            int length = (int) Math.min(chunk.size() - at, partEnd - received);
            for (int done = 0; sha256 != null && done < length; done += SCRATCH_BYTES) {
                int n = Math.min(SCRATCH_BYTES, length - done);
                chunk.copyTo(scratch, at + done, 0, n);
                sha256.update(scratch, 0, n);
            }
            received += length;
            boolean endsPart = received == partEnd;
            hand(new Piece(chunk, at, length, endsPart, endsPart && sha256 != null ? sha256.copy() : null));
            at += length;
        }
    }

    /**
     * Ends the stream: when every declared byte is stored, verifies and commits the artifact;
     * otherwise the upload stays open at its last complete part.
     */
    public Result finish() {
        if (ended) {
            throw superseded();
        }
        ended = true;
        hand(END);
        PartSink.Stored stored = await();
        if (stored.committedOffset() < upload.declaredLength()) {
            return new Result(management.getUpload(upload.id()), null);
        }
        Digests streamed = sha256 == null ? null : new Digests(sha256.hex(), stored.sha512().hex(), upload.declaredLength());
        Artifact artifact = management.commit(upload, streamed);
        return new Result(management.getUpload(upload.id()), artifact);
    }

    /** The stream broke: complete parts already received are still stored, the rest is dropped; the upload stays open. */
    public void abort() {
        stop(false);
    }

    /** Stops this writer, storing the complete parts that are queued unless {@code discard}; waits until the storing thread is done. */
    void stop(boolean discard) {
        ended = true;
        if (discard) {
            sink.discard();
            pieces.clear();
        }
        try {
            hand(END);
        } catch (RuntimeException storeFailed) {
            // the storing thread ended already; nothing is left to flush
        }
        try {
            storing.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // a store failure is reported to the stream that hit it; the upload stays at its last checkpoint
        }
    }

    private void hand(Piece piece) {
        try {
            while (!pieces.offer(piece, 100, TimeUnit.MILLISECONDS)) {
                if (storing.isDone()) {
                    await();
                    throw superseded();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while storing", e);
        }
    }

    private PartSink.Stored await() {
        try {
            return storing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while storing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw ApiException.unavailable("storing failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private io.grpc.StatusRuntimeException superseded() {
        // ABORTED: a concurrency conflict the client resolves by asking GetUpload and resuming.
        return Status.ABORTED.withDescription("uploads/" + upload.id() + " is being written by a newer stream or was cancelled;"
                + " call GetUpload and resume at its committed_offset").asRuntimeException();
    }

    /** What a finished stream leaves: the upload, and the artifact when it got committed. */
    public record Result(Upload upload, Artifact artifact) {
    }

    /** Bytes of a chunk on their way to the part buffer; the piece that ends a part carries a copy of the SHA-256 there, if hashed. */
    record Piece(ByteString bytes, int offset, int length, boolean endsPart, RunningDigest sha256) {
    }
}
