package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Releases already in the image repository, with the versions that first listed them (table {@code signed_release}). */
@ApplicationScoped
public class SignedReleaseRepository {

    public void insert(Connection c, String release, Publication publication, Instant signedAt) throws SQLException {
        update(c, "insert into signed_release (release, targets_version, snapshot_version, timestamp_version, signed_at)"
                        + " values (?, ?, ?, ?, ?)",
                release, publication.targetsVersion(), publication.snapshotVersion(), publication.timestampVersion(),
                Timestamp.from(signedAt));
    }

    public Optional<Publication> find(Connection c, String release) throws SQLException {
        return queryOne(c, "select * from signed_release where release = ?", row -> new Publication(row.getLong("targets_version"),
                row.getLong("snapshot_version"), row.getLong("timestamp_version")), release);
    }
}
