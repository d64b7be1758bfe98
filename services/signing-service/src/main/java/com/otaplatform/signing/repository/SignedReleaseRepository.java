package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Releases already in the image repository, with the versions that first listed them, and whether artifact-service knows
 * (table {@code signed_release}).
 */
@ApplicationScoped
public class SignedReleaseRepository {

    /** A signed release that artifact-service has not been told about yet. */
    public record Unmarked(String release, long targetsVersion) {
    }

    public void insert(Connection c, String release, Publication publication, Instant signedAt) throws SQLException {
        update(c, "insert into signed_release (release, targets_version, snapshot_version, timestamp_version, signed_at)"
                        + " values (?, ?, ?, ?, ?) on conflict (release) do nothing",
                release, publication.targetsVersion(), publication.snapshotVersion(), publication.timestampVersion(),
                Timestamp.from(signedAt));
    }

    public Optional<Publication> find(Connection c, String release) throws SQLException {
        return queryOne(c, "select * from signed_release where release = ?", row -> new Publication(row.getLong("targets_version"),
                row.getLong("snapshot_version"), row.getLong("timestamp_version")), release);
    }

    /** Signed releases artifact-service has not been told about, oldest first. */
    public List<Unmarked> unmarked(Connection c, int limit) throws SQLException {
        return query(c, "select release, targets_version from signed_release where marked_at is null order by signed_at, release limit ?",
                row -> new Unmarked(row.getString("release"), row.getLong("targets_version")), limit);
    }

    public void markedInArtifactService(Connection c, String release, Instant at) throws SQLException {
        update(c, "update signed_release set marked_at = ? where release = ? and marked_at is null", Timestamp.from(at), release);
    }
}
