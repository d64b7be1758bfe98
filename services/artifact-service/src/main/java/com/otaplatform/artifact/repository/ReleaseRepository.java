package com.otaplatform.artifact.repository;

import com.otaplatform.artifact.Release;
import com.otaplatform.artifact.ReleaseArtifact;
import com.otaplatform.artifact.ReleaseState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

/** Releases and their artifacts in the {@code artifact} schema. */
@ApplicationScoped
public class ReleaseRepository {
    private final ArtifactRepository artifacts;

    ReleaseRepository(ArtifactRepository artifacts) {
        this.artifacts = artifacts;
    }

    public boolean displayNameTaken(Connection c, String displayName) throws SQLException {
        return queryOne(c, "select 1 from release where display_name = ?", row -> true, displayName).isPresent();
    }

    public void insert(Connection c, Release release) throws SQLException {
        update(c, "insert into release (id, display_name, notes, state, supersedes, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                release.id(), release.displayName(), release.notes(), release.state().name(), release.supersedes(),
                release.createdBy(), Timestamp.from(release.createdAt()));
        for (ReleaseArtifact item : release.artifacts()) {
            update(c, "insert into release_artifact (release_id, ecu, artifact_id) values (?, ?, ?)",
                    release.id(), item.ecu(), item.artifact().id());
        }
    }

    public Optional<Release> find(Connection c, UUID id) throws SQLException {
        return find(c, id, false);
    }

    public Optional<Release> find(Connection c, UUID id, boolean forUpdate) throws SQLException {
        Optional<Release> release = queryOne(c, "select * from release where id = ?" + (forUpdate ? " for update" : ""), this::header, id);
        return release.isEmpty() ? release : Optional.of(withArtifacts(c, release.get()));
    }

    public void markSigned(Connection c, UUID id, long targetsVersion) throws SQLException {
        update(c, "update release set state = ?, targets_version = ? where id = ?", ReleaseState.SIGNED.name(), targetsVersion, id);
    }

    /** Display name and id of every release that holds the artifact. */
    public List<Release> usingArtifact(Connection c, UUID artifactId) throws SQLException {
        return query(c, "select r.* from release r where exists (select 1 from release_artifact ra where ra.release_id = r.id"
                + " and ra.artifact_id = ?) order by r.display_name", this::header, artifactId);
    }

    public List<Release> list(Connection c, long offset, int limit) throws SQLException {
        List<Release> page = new ArrayList<>();
        for (Release header : query(c, "select * from release order by created_at desc, id limit ? offset ?", this::header, limit, offset)) {
            page.add(withArtifacts(c, header));
        }
        return page;
    }

    private Release withArtifacts(Connection c, Release header) throws SQLException {
        List<ReleaseArtifact> items = query(c,
                "select ra.ecu, a.* from release_artifact ra join artifact a on a.id = ra.artifact_id where ra.release_id = ? order by ra.ecu",
                row -> new ReleaseArtifact(row.getString("ecu"), artifacts.artifact(row)), header.id());
        return new Release(header.id(), header.displayName(), items, header.notes(), header.state(), header.supersedes(),
                header.createdBy(), header.createdAt(), header.targetsVersion());
    }

    private Release header(ResultSet row) throws SQLException {
        return new Release(row.getObject("id", UUID.class), row.getString("display_name"), List.of(), row.getString("notes"),
                ReleaseState.valueOf(row.getString("state")), row.getObject("supersedes", UUID.class),
                row.getString("created_by"), row.getTimestamp("created_at").toInstant(), row.getLong("targets_version"));
    }
}
