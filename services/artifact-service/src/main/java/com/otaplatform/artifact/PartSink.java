package com.otaplatform.artifact;

import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.common.ApiException;
import java.util.concurrent.BlockingQueue;

/**
 * The storing side of an {@link UploadWriter}: takes pieces from the queue, hashes SHA-512 (unless the
 * writer stores without hashing), fills one part buffer and stores each full part, recording it with
 * the upload's new committed offset and the resume point there.
 */
final class PartSink {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PartSink.class);

    private final Upload upload;
    private final int partBytes;
    private final BlockingQueue<UploadWriter.Piece> pieces;
    private final UploadWriter.Piece end;
    private final ArtifactStorage storage;
    private final ArtifactManagement management;
    private final RunningDigest sha512;
    private volatile boolean discard;
    private long committed;

    PartSink(Upload upload, RunningDigest sha512, int partBytes, BlockingQueue<UploadWriter.Piece> pieces, UploadWriter.Piece end,
             ArtifactStorage storage, ArtifactManagement management) {
        this.upload = upload;
        this.partBytes = partBytes;
        this.pieces = pieces;
        this.end = end;
        this.storage = storage;
        this.management = management;
        this.sha512 = sha512;
        this.committed = upload.committedOffset();
    }

    /** Drop whatever is still queued instead of storing it. */
    void discard() {
        discard = true;
    }

    /** Runs until the end marker; returns the committed offset and the running SHA-512. */
    Stored run() {
        byte[] buffer = null;
        int filled = 0;
        try {
            while (true) {
                UploadWriter.Piece piece = pieces.take();
                if (piece == end) {
                    return new Stored(committed, sha512);
                }
                if (discard) {
                    continue;
                }
                if (buffer == null) {
                    // One buffer per upload, no larger than what is left to store.
                    buffer = new byte[(int) Math.min(partBytes, upload.declaredLength() - committed)];
                }
                piece.bytes().copyTo(buffer, piece.offset(), filled, piece.length());
                if (sha512 != null) {
                    sha512.update(buffer, filled, piece.length());
                }
                filled += piece.length();
                if (piece.endsPart()) {
                    int number = (int) (committed / partBytes) + 1;
                    UploadPart part = storage.storePart(upload.stagingKey(), upload.multipartId(), number, buffer, filled);
                    management.checkpoint(upload, committed, part,
                            sha512 == null ? null : new ResumePoint(committed + filled, piece.sha256(), sha512.copy()));
                    committed += filled;
                    LOG.debugf("uploads/%s: stored part %d, committed %d of %d", upload.id(), number, committed, upload.declaredLength());
                    filled = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while storing", e);
        }
    }

    /** How far the parts got, with the SHA-512 over exactly those bytes when the stream ended at a part boundary (null if not hashed). */
    record Stored(long committedOffset, RunningDigest sha512) {
    }
}
