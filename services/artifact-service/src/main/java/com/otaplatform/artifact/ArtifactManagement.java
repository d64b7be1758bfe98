package com.otaplatform.artifact;

import com.otaplatform.artifact.config.ArtifactConfig;
import com.otaplatform.artifact.repository.ArtifactRepository;
import com.otaplatform.artifact.storage.ArtifactStorage;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Uploads, artifacts and their download URLs. */
@ApplicationScoped
public class ArtifactManagement {
    private final Database db;
    private final ArtifactRepository artifacts;
    private final ArtifactStorage storage;
    private final ArtifactConfig config;

    ArtifactManagement(AgroalDataSource dataSource, ArtifactRepository artifacts, ArtifactStorage storage, ArtifactConfig config) {
        this.db = new Database(dataSource);
        this.artifacts = artifacts;
        this.storage = storage;
        this.config = config;
    }

    /** Opens an upload of {@code declaredLength} bytes. */
    public Upload createUpload(ArtifactSpec spec, long declaredLength, String declaredSha256, String declaredSha512) {
        if (declaredLength > config.maxArtifactBytes()) {
            throw ApiException.invalidField("declared_length", "is over the limit of " + config.maxArtifactBytes() + " bytes");
        }
        Upload upload = new Upload(UUID.randomUUID(), spec, declaredLength, declaredSha256, declaredSha512, UploadState.OPEN, 0,
                null, Instant.now().plus(config.uploadTtl()));
        return db.inTransaction(c -> {
            artifacts.insertUpload(c, upload);
            return upload;
        });
    }

    /** The upload, or NOT_FOUND. */
    public Upload getUpload(UUID id) {
        return db.inTransaction(c -> artifacts.findUpload(c, id, false)).orElseThrow(() -> ApiException.notFound("uploads/" + id));
    }

    /** Starts writing an open upload at {@code offset}. */
    public UploadWriter openWriter(UUID uploadId, long offset) {
        Upload upload = getUpload(uploadId);
        if (upload.state() != UploadState.OPEN) {
            throw ApiException.failedPrecondition("uploads/" + uploadId + " is " + upload.state().name().toLowerCase()
                    + "; create a new upload");
        }
        if (offset != 0) {
            throw ApiException.invalidField("start.offset", "resuming at an offset is not supported yet; start at 0");
        }
        return new UploadWriter(upload, storage.openStaging(upload.stagingKey(), upload.declaredLength()), this);
    }

    /** Cancels an open upload and deletes what was staged. */
    public Upload cancelUpload(UUID id) {
        Upload upload = getUpload(id);
        if (upload.state() == UploadState.OPEN) {
            storage.discard(upload.stagingKey());
            cancel(upload);
        }
        return getUpload(id);
    }

    Artifact commit(Upload upload, Digests digests) {
        if (!upload.declaredSha256().isEmpty() && !upload.declaredSha256().equals(digests.sha256())) {
            refuse(upload);
            throw ApiException.invalidField("declared_sha256", "does not match the uploaded bytes (their SHA-256 is "
                    + digests.sha256() + "); nothing was stored");
        }
        if (!upload.declaredSha512().isEmpty() && !upload.declaredSha512().equals(digests.sha512())) {
            refuse(upload);
            throw ApiException.invalidField("declared_sha512", "does not match the uploaded bytes; nothing was stored");
        }
        storage.promote(upload.stagingKey(), digests.sha256());
        Artifact artifact = new Artifact(UUID.randomUUID(), upload.spec(), digests, Instant.now());
        return db.inTransaction(c -> {
            artifacts.insertArtifact(c, artifact);
            artifacts.finishUpload(c, upload.id(), UploadState.COMMITTED, digests.length(), artifact.id());
            return artifact;
        });
    }

    void cancel(Upload upload) {
        db.inTransaction(c -> {
            artifacts.finishUpload(c, upload.id(), UploadState.CANCELLED, 0, null);
            return null;
        });
    }

    private void refuse(Upload upload) {
        storage.discard(upload.stagingKey());
        cancel(upload);
    }

    /** The artifact, or NOT_FOUND. */
    public Artifact getArtifact(UUID id) {
        return db.inTransaction(c -> artifacts.findArtifact(c, id)).orElseThrow(() -> ApiException.notFound("artifacts/" + id));
    }

    /** One page of artifacts, newest first. */
    public List<Artifact> listArtifacts(long offset, int limit) {
        return db.inTransaction(c -> artifacts.listArtifacts(c, offset, limit));
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
