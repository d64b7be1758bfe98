package com.otaplatform.artifact.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.artifact.Artifact;
import com.otaplatform.artifact.ArtifactSpec;
import com.otaplatform.artifact.Digests;
import com.otaplatform.artifact.Upload;
import com.otaplatform.artifact.UploadPart;
import com.otaplatform.artifact.UploadState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.otaplatform.common.Database.jsonb;
import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

/** Uploads and artifacts in the {@code artifact} schema. */
@ApplicationScoped
public class ArtifactRepository {
    private static final String ARTIFACT_COLUMNS = "id, spec, sha256, sha512, length, created_at";

    private final ObjectMapper json;

    ArtifactRepository(ObjectMapper json) {
        this.json = json;
    }

    public void insertUpload(Connection c, Upload upload) throws SQLException {
        update(c, "insert into upload (id, spec, declared_length, declared_sha256, declared_sha512, state, committed_offset, created_at,"
                        + " expires_at, multipart_id, staging_key) values (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?)",
                upload.id(), jsonb(json, upload.spec()), upload.declaredLength(), upload.declaredSha256(), upload.declaredSha512(),
                upload.state().name(), upload.committedOffset(), Timestamp.from(upload.expiresAt()), upload.multipartId(), upload.stagingKey());
    }

    public List<UploadPart> parts(Connection c, UUID uploadId) throws SQLException {
        return query(c, "select part_number, etag, size from upload_part where upload_id = ? order by part_number",
                row -> new UploadPart(row.getInt("part_number"), row.getString("etag"), row.getLong("size")), uploadId);
    }

    /**
     * Records a stored part with the new committed offset, if the upload is
     * still open at {@code expectedOffset}; false when it moved on (another stream, a cancel).
     */
    public boolean checkpoint(Connection c, UUID uploadId, long expectedOffset, UploadPart part) throws SQLException {
        int changed = update(c, "update upload set committed_offset = ? where id = ? and state = 'OPEN' and committed_offset = ?",
                expectedOffset + part.size(), uploadId, expectedOffset);
        if (changed == 0) {
            return false;
        }
        update(c, "insert into upload_part (upload_id, part_number, etag, size) values (?, ?, ?, ?)"
                        + " on conflict (upload_id, part_number) do update set etag = excluded.etag, size = excluded.size",
                uploadId, part.number(), part.etag(), part.size());
        return true;
    }

    /** Which of {@code ids} are uploads still open. */
    public Set<UUID> openUploads(Connection c, Collection<UUID> ids) throws SQLException {
        return new HashSet<>(query(c, "select id from upload where state = 'OPEN' and id = any(?)", row -> row.getObject("id", UUID.class),
                c.createArrayOf("uuid", ids.toArray())));
    }

    /** Open uploads past their expiry, locked for this transaction and skipped by others. */
    public List<Upload> lockExpiredUploads(Connection c, java.time.Instant now, int limit) throws SQLException {
        return query(c, "select * from upload where state = 'OPEN' and expires_at < ? order by expires_at limit ? for update skip locked",
                this::upload, Timestamp.from(now), limit);
    }

    /** Serialises commits and deletions of artifacts that share a blob, until the transaction ends. */
    public void lockBlob(Connection c, String sha256) throws SQLException {
        queryOne(c, "select pg_advisory_xact_lock(hashtextextended(?, 0))", row -> true, "blob:" + sha256);
    }

    public Optional<Artifact> lockArtifact(Connection c, UUID id) throws SQLException {
        return queryOne(c, "select " + ARTIFACT_COLUMNS + " from artifact where id = ? for update", this::artifact, id);
    }

    public void deleteArtifact(Connection c, UUID id) throws SQLException {
        update(c, "update upload set artifact_id = null where artifact_id = ?", id);
        update(c, "delete from artifact where id = ?", id);
    }

    public int countArtifactsWithBlob(Connection c, String sha256) throws SQLException {
        return queryOne(c, "select count(*) from artifact where sha256 = ?", row -> row.getInt(1), sha256).orElse(0);
    }

    public Optional<Upload> findUpload(Connection c, UUID id, boolean forUpdate) throws SQLException {
        return queryOne(c, "select * from upload where id = ?" + (forUpdate ? " for update" : ""), this::upload, id);
    }

    public void finishUpload(Connection c, UUID id, UploadState state, long committedOffset, UUID artifactId) throws SQLException {
        update(c, "update upload set state = ?, committed_offset = ?, artifact_id = ? where id = ?",
                state.name(), committedOffset, artifactId, id);
    }

    public void insertArtifact(Connection c, Artifact artifact) throws SQLException {
        update(c, "insert into artifact (id, kind, spec, sha256, sha512, length, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                artifact.id(), artifact.spec().kind().name(), jsonb(json, artifact.spec()), artifact.digests().sha256(),
                artifact.digests().sha512(), artifact.digests().length(), Timestamp.from(artifact.createdAt()));
    }

    public Optional<Artifact> findArtifact(Connection c, UUID id) throws SQLException {
        return queryOne(c, "select " + ARTIFACT_COLUMNS + " from artifact where id = ?", this::artifact, id);
    }

    public List<Artifact> listArtifacts(Connection c, long offset, int limit) throws SQLException {
        return query(c, "select " + ARTIFACT_COLUMNS + " from artifact order by created_at desc, id limit ? offset ?",
                this::artifact, limit, offset);
    }

    Artifact artifact(ResultSet row) throws SQLException {
        return new Artifact(row.getObject("id", UUID.class), spec(row),
                new Digests(row.getString("sha256"), row.getString("sha512"), row.getLong("length")),
                row.getTimestamp("created_at").toInstant());
    }

    private Upload upload(ResultSet row) throws SQLException {
        return new Upload(row.getObject("id", UUID.class), spec(row), row.getLong("declared_length"),
                row.getString("declared_sha256"), row.getString("declared_sha512"), UploadState.valueOf(row.getString("state")),
                row.getLong("committed_offset"), row.getObject("artifact_id", UUID.class), row.getTimestamp("expires_at").toInstant(),
                row.getString("multipart_id"), row.getString("staging_key"));
    }

    private ArtifactSpec spec(ResultSet row) throws SQLException {
        try {
            return json.readValue(row.getString("spec"), ArtifactSpec.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable artifact spec", e);
        }
    }
}
