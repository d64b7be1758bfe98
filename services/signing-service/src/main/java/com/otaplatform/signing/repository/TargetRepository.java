package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.signing.ImageTarget;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postgresql.util.PGobject;

/**
 * Targets of the image repository in table {@code image_target}: published ones (listed by a published targets version)
 * and pending ones (targets_version null: their release waits for a staged targets version to be signed offline).
 */
@ApplicationScoped
public class TargetRepository {

    public void insert(Connection c, ImageTarget target, Instant addedAt) throws SQLException {
        PGobject custom = new PGobject();
        custom.setType("jsonb");
        custom.setValue(CanonicalJson.encodeToString(target.custom()));
        update(c, "insert into image_target (name, length, sha256, sha512, custom, release, targets_version, added_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                target.name(), target.length(), target.sha256(), target.sha512(), custom, target.release(),
                target.pending() ? null : target.targetsVersion(), Timestamp.from(addedAt));
    }

    /** Every target, published and pending: what the next targets version lists. */
    public List<ImageTarget> all(Connection c) throws SQLException {
        return query(c, "select * from image_target order by name", TargetRepository::row);
    }

    /** The target called {@code name}, published or pending. */
    public Optional<ImageTarget> find(Connection c, String name) throws SQLException {
        return queryOne(c, "select * from image_target where name = ?", TargetRepository::row, name);
    }

    /** The target called {@code name} if a published targets version lists it: what downloads may serve. */
    public Optional<ImageTarget> findPublished(Connection c, String name) throws SQLException {
        return queryOne(c, "select * from image_target where name = ? and targets_version is not null", TargetRepository::row, name);
    }

    /** The releases whose targets are pending, oldest first. */
    public List<String> pendingReleases(Connection c) throws SQLException {
        return query(c, "select release from image_target where targets_version is null group by release order by min(added_at), release",
                row -> row.getString("release"));
    }

    /** Whether {@code release} has pending targets. */
    public boolean pending(Connection c, String release) throws SQLException {
        return queryOne(c, "select 1 from image_target where release = ? and targets_version is null limit 1", row -> 1, release).isPresent();
    }

    /** Publishes the pending targets of {@code releases} as listed by targets {@code version}. */
    public void publishPending(Connection c, List<String> releases, long version) throws SQLException {
        update(c, "update image_target set targets_version = ? where targets_version is null and release = any(?)", version,
                c.createArrayOf("text", releases.toArray()));
    }

    /** Forgets the pending targets of {@code releases}: signing them again stages them anew. */
    public int deletePending(Connection c, List<String> releases) throws SQLException {
        return update(c, "delete from image_target where targets_version is null and release = any(?)",
                c.createArrayOf("text", releases.toArray()));
    }

    private static ImageTarget row(ResultSet row) throws SQLException {
        ObjectNode custom = (ObjectNode) Json.parse(row.getString("custom").getBytes(StandardCharsets.UTF_8));
        return new ImageTarget(row.getString("name"), row.getLong("length"), row.getString("sha256"), row.getString("sha512"),
                custom, row.getString("release"), row.getLong("targets_version"));
    }
}
