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

/** Targets of the image repository in table {@code image_target}. */
@ApplicationScoped
public class TargetRepository {

    public void insert(Connection c, ImageTarget target, Instant addedAt) throws SQLException {
        PGobject custom = new PGobject();
        custom.setType("jsonb");
        custom.setValue(CanonicalJson.encodeToString(target.custom()));
        update(c, "insert into image_target (name, length, sha256, sha512, custom, release, targets_version, added_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                target.name(), target.length(), target.sha256(), target.sha512(), custom, target.release(),
                target.targetsVersion(), Timestamp.from(addedAt));
    }

    public List<ImageTarget> all(Connection c) throws SQLException {
        return query(c, "select * from image_target order by name", TargetRepository::row);
    }

    public Optional<ImageTarget> find(Connection c, String name) throws SQLException {
        return queryOne(c, "select * from image_target where name = ?", TargetRepository::row, name);
    }

    private static ImageTarget row(ResultSet row) throws SQLException {
        ObjectNode custom = (ObjectNode) Json.parse(row.getString("custom").getBytes(StandardCharsets.UTF_8));
        return new ImageTarget(row.getString("name"), row.getLong("length"), row.getString("sha256"), row.getString("sha512"),
                custom, row.getString("release"), row.getLong("targets_version"));
    }
}
