package com.otaplatform.artifact;

import com.otaplatform.artifact.config.ArtifactConfig;
import com.otaplatform.artifact.repository.ArtifactRepository;
import com.otaplatform.artifact.repository.ReleaseRepository;
import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** Uploads, artifacts and their download URLs. */
@ApplicationScoped
public class ArtifactManagement {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ArtifactManagement.class);
    private static final int HASH_BUFFER_BYTES = 1 << 20;
    private final Database db;
    private final ArtifactRepository artifacts;
    private final ReleaseRepository releases;
    private final ArtifactStorage storage;
    private final ArtifactConfig config;
    // The writer of each upload that streams into this instance, so that a resumed stream takes over from a broken one.
    private final Map<UUID, UploadWriter> writers = new ConcurrentHashMap<>();
    // The running digests at the last part each upload recorded through this instance, so that a resumed stream hashes on from there.
    private final Map<UUID, ResumePoint> resumePoints = new ConcurrentHashMap<>();
    private final ExecutorService partStorers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "upload-parts");
        thread.setDaemon(true);
        return thread;
    });

    ArtifactManagement(AgroalDataSource dataSource, ArtifactRepository artifacts, ReleaseRepository releases, ArtifactStorage storage,
                       ArtifactConfig config, MeterRegistry meters) {
        this.db = new Database(dataSource);
        this.artifacts = artifacts;
        this.releases = releases;
        this.storage = storage;
        this.config = config;
        Gauge.builder("ota.artifact.resume.points", resumePoints, Map::size)
                .description("Uploads whose running digests this instance holds, so that a resumed stream hashes on").register(meters);
    }

    @PreDestroy
    void stop() {
        partStorers.shutdownNow();
    }

    /** Opens an upload of {@code declaredLength} bytes, backed by a multipart upload in the store. */
    public Upload createUpload(ArtifactSpec spec, long declaredLength, String declaredSha256, String declaredSha512) {
        if (declaredLength > config.maxArtifactBytes()) {
            throw ApiException.invalidField("declared_length", "is over the limit of " + config.maxArtifactBytes() + " bytes");
        }
        UUID id = UUID.randomUUID();
        String stagingKey = Upload.stagingKey(id, declaredSha256);
        String multipartId = storage.startParts(stagingKey);
        Upload upload = new Upload(id, spec, declaredLength, declaredSha256, declaredSha512, UploadState.OPEN, 0,
                null, Instant.now().plus(config.uploadTtl()), multipartId, stagingKey);
        return db.inTransaction(c -> {
            artifacts.insertUpload(c, upload);
            return upload;
        });
    }

    /** The upload, or NOT_FOUND. */
    public Upload getUpload(UUID id) {
        return db.inTransaction(c -> artifacts.findUpload(c, id, false)).orElseThrow(() -> ApiException.notFound("uploads/" + id));
    }

    /** The parts stored for an upload, as recorded. */
    public List<UploadPart> parts(UUID id) {
        return db.inTransaction(c -> artifacts.parts(c, id));
    }

    /** Starts writing an open upload at {@code offset}, which must be its committed offset; takes over from an older stream. */
    public UploadWriter openWriter(UUID uploadId, long offset) {
        UploadWriter previous = writers.get(uploadId);
        if (previous != null) {
            // A client resumes as soon as it sees a cut; the old stream may still be storing its last parts.
            previous.stop(false);
        }
        Upload upload = getUpload(uploadId);
        if (upload.state() != UploadState.OPEN) {
            throw ApiException.failedPrecondition("uploads/" + uploadId + " is " + upload.state().name().toLowerCase()
                    + "; create a new upload");
        }
        if (upload.expiresAt().isBefore(Instant.now())) {
            throw ApiException.failedPrecondition("uploads/" + uploadId + " expired at " + upload.expiresAt() + "; create a new upload");
        }
        if (offset != upload.committedOffset()) {
            throw ApiException.invalidField("start.offset", "must be the upload's committed offset " + upload.committedOffset()
                    + " (got " + offset + "); bytes after the last stored part are not kept, send them again from there");
        }
        ResumePoint from = upload.committedOffset() == 0 ? ResumePoint.start() : resumePoints.get(uploadId);
        if (from != null && from.offset() != upload.committedOffset()) {
            // Another replica stored parts after the ones this instance saw.
            from = null;
        }
        UploadWriter writer = new UploadWriter(upload, from, config.partBytes(), storage, this, partStorers);
        writers.put(uploadId, writer);
        return writer;
    }

    /** Forgets a finished stream's writer. */
    public void closeWriter(UploadWriter writer) {
        writers.remove(writer.uploadId(), writer);
    }

    /** Records a stored part at {@code expectedOffset}, and the resume point after it (null when the writer does not hash). */
    void checkpoint(Upload upload, long expectedOffset, UploadPart part, ResumePoint after) {
        boolean recorded = db.inTransaction(c -> artifacts.checkpoint(c, upload.id(), expectedOffset, part));
        if (after == null) {
            resumePoints.remove(upload.id());
        } else if (recorded) {
            resumePoints.put(upload.id(), after);
        }
        if (!recorded) {
            throw Status.ABORTED.withDescription("uploads/" + upload.id() + " moved on while this stream was writing (cancelled, expired"
                    + " or written by another stream); call GetUpload").asRuntimeException();
        }
    }

    /** Cancels an open upload and deletes its stored parts. */
    public Upload cancelUpload(UUID id) {
        Upload upload = getUpload(id);
        if (upload.state() == UploadState.OPEN) {
            cancel(upload);
        }
        return getUpload(id);
    }

    /**
     * Cancels the open uploads past their expiry, deleting their parts; returns how many. Then forgets the resume
     * points of uploads that are no longer open: those just expired, and those another replica committed, cancelled
     * or expired.
     */
    public int expireUploads(Instant now) {
        int expired = 0;
        while (true) {
            List<Upload> batch = db.inTransaction(c -> {
                List<Upload> due = artifacts.lockExpiredUploads(c, now, 20);
                for (Upload upload : due) {
                    abortParts(upload);
                    artifacts.finishUpload(c, upload.id(), UploadState.CANCELLED, upload.committedOffset(), null);
                }
                return due;
            });
            expired += batch.size();
            if (batch.isEmpty()) {
                forgetFinishedUploads();
                return expired;
            }
        }
    }

    private void forgetFinishedUploads() {
        // Only the uploads held before the query: one that gets its first resume point meanwhile is open.
        Set<UUID> held = Set.copyOf(resumePoints.keySet());
        if (held.isEmpty()) {
            return;
        }
        Set<UUID> open = db.inTransaction(c -> artifacts.openUploads(c, held));
        held.stream().filter(id -> !open.contains(id)).forEach(resumePoints::remove);
    }

    /**
     * Joins the parts of a fully stored upload and makes it an artifact. {@code streamed} are the digests
     * hashed while the bytes came in; null when the upload resumed where this instance held no resume
     * point, and then the joined object is read back to hash it.
     */
    Artifact commit(Upload upload, Digests streamed) {
        if (streamed != null) {
            refuseMismatch(upload, streamed, false);
        }
        LOG.debugf("uploads/%s: all %d bytes stored; joining the parts at %s", upload.id(), upload.declaredLength(), upload.stagingKey());
        Artifact committed = upload.stagesAtBlob() ? commitAtBlob(upload, streamed) : commitStaged(upload, streamed);
        resumePoints.remove(upload.id());
        return committed;
    }

    /** Parts staged at {@code uploads/<id>}: joined there, hashed back if need be, then copied to the blob's key. */
    private Artifact commitStaged(Upload upload, Digests streamed) {
        storage.completeParts(upload.stagingKey(), upload.multipartId(), parts(upload.id()));
        Digests digests = streamed;
        if (digests == null) {
            digests = hashStored(upload.stagingKey());
            refuseMismatch(upload, digests, true);
        }
        Digests verified = digests;
        return db.inTransaction(c -> {
            // Held until commit, so that a concurrent DeleteArtifact cannot remove the blob this artifact needs.
            artifacts.lockBlob(c, verified.sha256());
            storage.promote(upload.stagingKey(), verified.sha256(), verified.length());
            return insertCommitted(c, upload, verified);
        });
    }

    /**
     * Parts staged at the declared blob's own key: joining them stores the blob. Under the blob's lock, so that no
     * other commit or deletion of the same bytes runs in between. When the blob is there already its bytes were
     * verified when it was committed, so these parts are dropped instead of overwriting it.
     */
    private Artifact commitAtBlob(Upload upload, Digests streamed) {
        return db.inTransaction(c -> {
            artifacts.lockBlob(c, upload.declaredSha256());
            boolean stored = storage.blobExists(upload.declaredSha256());
            if (stored) {
                abortParts(upload);
            } else {
                // The parts read on this transaction's connection: one connection per commit, however many run at once.
                storage.completeParts(upload.stagingKey(), upload.multipartId(), artifacts.parts(c, upload.id()));
            }
            Digests digests = streamed;
            if (digests == null) {
                digests = hashStored(upload.stagingKey());
                // Only an object this upload joined is deleted on a mismatch, never a blob that was there.
                refuseMismatch(upload, digests, !stored);
            }
            return insertCommitted(c, upload, digests);
        });
    }

    private Artifact insertCommitted(Connection c, Upload upload, Digests digests) throws SQLException {
        Artifact artifact = new Artifact(UUID.randomUUID(), upload.spec(), digests, Instant.now());
        artifacts.insertArtifact(c, artifact);
        artifacts.finishUpload(c, upload.id(), UploadState.COMMITTED, digests.length(), artifact.id());
        return artifact;
    }

    /**
     * Cancels the upload and fails when the digests do not match what it declared, deleting the object at its staging
     * key when {@code joined} (this upload put it there).
     */
    private void refuseMismatch(Upload upload, Digests digests, boolean joined) {
        ApiException mismatch = mismatch(upload, digests);
        if (mismatch != null) {
            cancel(upload);
            if (joined) {
                storage.discard(upload.stagingKey());
            }
            throw mismatch;
        }
    }

    private static ApiException mismatch(Upload upload, Digests digests) {
        if (!upload.declaredSha256().isEmpty() && !upload.declaredSha256().equals(digests.sha256())) {
            return ApiException.invalidField("declared_sha256", "does not match the uploaded bytes (their SHA-256 is "
                    + digests.sha256() + "); the upload is cancelled and nothing was stored");
        }
        if (!upload.declaredSha512().isEmpty() && !upload.declaredSha512().equals(digests.sha512())) {
            return ApiException.invalidField("declared_sha512", "does not match the uploaded bytes; the upload is cancelled and nothing was stored");
        }
        if (digests.length() != upload.declaredLength()) {
            return ApiException.invalidField("declared_length", "does not match the stored bytes (" + digests.length()
                    + " bytes); the upload is cancelled and nothing was stored");
        }
        return null;
    }

    /** SHA-256, SHA-512 and length of a stored object, read back from the store. */
    private Digests hashStored(String key) {
        LOG.debugf("%s: no running digests in this instance for it; hashing it back from the store", key);
        RunningDigest sha256 = RunningDigest.sha256();
        RunningDigest sha512 = RunningDigest.sha512();
        long length = 0;
        byte[] buffer = new byte[HASH_BUFFER_BYTES];
        try (InputStream in = storage.read(key)) {
            for (int n; (n = in.read(buffer)) > 0; length += n) {
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ApiException.unavailable("object store could not read back " + key + ": " + e.getMessage(), e);
        }
        return new Digests(sha256.hex(), sha512.hex(), length);
    }

    private void cancel(Upload upload) {
        resumePoints.remove(upload.id());
        abortParts(upload);
        db.inTransaction(c -> {
            artifacts.finishUpload(c, upload.id(), UploadState.CANCELLED, upload.committedOffset(), null);
            return null;
        });
    }

    private void abortParts(Upload upload) {
        if (upload.multipartId() != null) {
            storage.abortParts(upload.stagingKey(), upload.multipartId());
        }
    }

    /** The artifact, or NOT_FOUND. */
    public Artifact getArtifact(UUID id) {
        return db.inTransaction(c -> artifacts.findArtifact(c, id)).orElseThrow(() -> ApiException.notFound("artifacts/" + id));
    }

    /** One page of artifacts, newest first. */
    public List<Artifact> listArtifacts(long offset, int limit) {
        return db.inTransaction(c -> artifacts.listArtifacts(c, offset, limit));
    }

    /**
     * Deletes an artifact that no release uses, and its blob when no other artifact has the same
     * bytes; FAILED_PRECONDITION naming the releases otherwise.
     */
    public void deleteArtifact(UUID id) {
        db.inTransaction(c -> {
            Artifact artifact = artifacts.lockArtifact(c, id).orElseThrow(() -> ApiException.notFound("artifacts/" + id));
            List<Release> using = releases.usingArtifact(c, id);
            if (!using.isEmpty()) {
                throw ApiException.failedPrecondition("artifacts/" + id + " is used by "
                        + using.stream().map(r -> r.displayName() + " (releases/" + r.id() + ")").collect(Collectors.joining(", "))
                        + "; releases are immutable, so it cannot be deleted");
            }
            artifacts.lockBlob(c, artifact.digests().sha256());
            artifacts.deleteArtifact(c, id);
            if (artifacts.countArtifactsWithBlob(c, artifact.digests().sha256()) == 0) {
                storage.deleteBlob(artifact.digests().sha256());
            }
            return null;
        });
    }

    /** A presigned download URL for the artifact's blob, valid for the configured time. */
    public DownloadUrl downloadUrl(UUID id) {
        Artifact artifact = getArtifact(id);
        Instant expiresAt = Instant.now().plus(config.downloadUrlTtl());
        return new DownloadUrl(storage.presignDownload(artifact.digests().sha256(), config.downloadUrlTtl()), expiresAt, artifact.digests());
    }

    /** A presigned URL with its expiry and the digests of what it serves. */
    public record DownloadUrl(String url, Instant expiresAt, Digests digests) {
    }
}
