package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.RoleMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Signed role metadata versions in table {@code role_metadata}; publishing is serialised by {@link #lockPublishing}. */
@ApplicationScoped
public class MetadataRepository {
    /** Key of the transaction-scoped advisory lock every publication of the image repository takes. */
    private static final long PUBLISH_LOCK = 0x0741_5349_474E_0001L;

    /** Waits until no other transaction (of any replica) publishes, and holds that until commit. */
    public void lockPublishing(Connection c) throws SQLException {
        queryOne(c, "select pg_advisory_xact_lock(?)", row -> 1, PUBLISH_LOCK);
    }

    public void insert(Connection c, RoleMetadata metadata, Instant createdAt) throws SQLException {
        update(c, "insert into role_metadata (role, version, metadata, expires_at, created_at) values (?, ?, ?, ?, ?)",
                metadata.role(), metadata.version(), metadata.bytes(), Timestamp.from(metadata.expiresAt()), Timestamp.from(createdAt));
    }

    /** The highest version of {@code role}, if any. */
    public Optional<RoleMetadata> current(Connection c, String role) throws SQLException {
        return queryOne(c, "select * from role_metadata where role = ? order by version desc limit 1", MetadataRepository::row, role);
    }

    public Optional<RoleMetadata> find(Connection c, String role, long version) throws SQLException {
        return queryOne(c, "select * from role_metadata where role = ? and version = ?", MetadataRepository::row, role, version);
    }

    private static RoleMetadata row(ResultSet row) throws SQLException {
        return new RoleMetadata(row.getString("role"), row.getLong("version"), row.getBytes("metadata"),
                row.getTimestamp("expires_at").toInstant());
    }
}
