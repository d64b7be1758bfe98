package com.otaplatform.artifact.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.artifact.Artifact;
import com.otaplatform.artifact.ArtifactSpec;
import com.otaplatform.artifact.Digests;
import com.otaplatform.artifact.Upload;
import com.otaplatform.artifact.UploadState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.util.PGobject;

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
        update(c, "insert into upload (id, spec, declared_length, declared_sha256, declared_sha512, state, committed_offset, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, now(), ?)",
                upload.id(), jsonb(upload.spec()), upload.declaredLength(), upload.declaredSha256(), upload.declaredSha512(),
                upload.state().name(), upload.committedOffset(), Timestamp.from(upload.expiresAt()));
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
                artifact.id(), artifact.spec().kind().name(), jsonb(artifact.spec()), artifact.digests().sha256(),
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
                row.getLong("committed_offset"), row.getObject("artifact_id", UUID.class), row.getTimestamp("expires_at").toInstant());
    }

    private ArtifactSpec spec(ResultSet row) throws SQLException {
        try {
            return json.readValue(row.getString("spec"), ArtifactSpec.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable artifact spec", e);
        }
    }

    private PGobject jsonb(Object value) throws SQLException {
        PGobject object = new PGobject();
        object.setType("jsonb");
        try {
            object.setValue(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot serialise " + value, e);
        }
        return object;
    }
}
