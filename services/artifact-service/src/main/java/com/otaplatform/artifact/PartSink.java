package com.otaplatform.artifact;

import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.common.ApiException;
import java.util.concurrent.BlockingQueue;

/**
 * The storing side of an {@link UploadWriter}: takes pieces from the queue, hashes SHA-512, fills
 * one part buffer and stores each full part, recording it with the upload's new committed offset.
 */
final class PartSink {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PartSink.class);

    private final Upload upload;
    private final int partBytes;
    private final BlockingQueue<UploadWriter.Piece> pieces;
    private final UploadWriter.Piece end;
    private final ArtifactStorage storage;
    private final ArtifactManagement management;
    private final ResumableDigest sha512;
    private volatile boolean discard;
    private long committed;

    PartSink(UploadProgress progress, int partBytes, BlockingQueue<UploadWriter.Piece> pieces, UploadWriter.Piece end,
             ArtifactStorage storage, ArtifactManagement management) {
        this.upload = progress.upload();
        this.partBytes = partBytes;
        this.pieces = pieces;
        this.end = end;
        this.storage = storage;
        this.management = management;
        this.sha512 = ResumableDigest.sha512(progress.sha512State());
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
                sha512.update(buffer, filled, piece.length());
                filled += piece.length();
                if (piece.sha256State() != null) {
                    int number = (int) (committed / partBytes) + 1;
                    UploadPart part = storage.storePart(upload.stagingKey(), upload.multipartId(), number, buffer, filled);
                    management.checkpoint(upload, committed, part, piece.sha256State(), sha512.state());
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

    /** How far the parts got, with the SHA-512 over exactly those bytes when the stream ended at a part boundary. */
    record Stored(long committedOffset, ResumableDigest sha512) {
    }
}
