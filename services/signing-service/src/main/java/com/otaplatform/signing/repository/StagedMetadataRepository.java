package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.StagedMetadata;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.Signature;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Metadata staged for offline signing and its signatures (tables {@code staged_metadata}, {@code staged_signature}). */
@ApplicationScoped
public class StagedMetadataRepository {

    public void insert(Connection c, StagedMetadata staged) throws SQLException {
        update(c, "insert into staged_metadata (id, role, version, signed_canonical, key_ids, threshold, previous_key_ids,"
                        + " previous_threshold, releases, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                staged.id(), staged.role(), staged.version(), staged.signedCanonical(),
                c.createArrayOf("text", staged.required().keyIds().toArray()), staged.required().threshold(),
                c.createArrayOf("text", staged.previous().keyIds().toArray()), staged.previous().threshold(),
                c.createArrayOf("text", staged.releases().toArray()), Timestamp.from(staged.createdAt()));
    }

    public Optional<StagedMetadata> find(Connection c, UUID id) throws SQLException {
        return queryOne(c, "select * from staged_metadata where id = ?", StagedMetadataRepository::row, id);
    }

    /** One page, newest first. */
    public List<StagedMetadata> list(Connection c, long offset, int limit) throws SQLException {
        return query(c, "select * from staged_metadata order by created_at desc, id limit ? offset ?", StagedMetadataRepository::row,
                limit, offset);
    }

    /** The open (neither published nor superseded) staged targets version that lists {@code release}, if any. */
    public Optional<StagedMetadata> openTargetsFor(Connection c, String release) throws SQLException {
        return queryOne(c, "select * from staged_metadata where role = ? and published_at is null and superseded_by is null"
                + " and ? = any(releases) order by created_at desc limit 1", StagedMetadataRepository::row, RoleName.TARGETS, release);
    }

    /** Marks every open staged targets version but {@code successor} as superseded by it; returns how many. */
    public int supersedeOpenTargets(Connection c, UUID successor) throws SQLException {
        return update(c, "update staged_metadata set superseded_by = ? where role = ? and published_at is null and superseded_by is null"
                + " and id <> ?", successor, RoleName.TARGETS, successor);
    }

    public void markPublished(Connection c, UUID id, Instant at) throws SQLException {
        update(c, "update staged_metadata set published_at = ? where id = ?", Timestamp.from(at), id);
    }

    /** Deletes the staged version and its signatures. */
    public void delete(Connection c, UUID id) throws SQLException {
        update(c, "delete from staged_signature where staged_id = ?", id);
        update(c, "delete from staged_metadata where id = ?", id);
    }

    /** Stores the key's signature, replacing an earlier one of the same key. */
    public void addSignature(Connection c, UUID id, String keyId, String signatureHex, Instant at) throws SQLException {
        update(c, "insert into staged_signature (staged_id, key_id, signature, added_at) values (?, ?, ?, ?)"
                        + " on conflict (staged_id, key_id) do update set signature = excluded.signature, added_at = excluded.added_at",
                id, keyId, signatureHex, Timestamp.from(at));
    }

    /** The signatures of keys that are not revoked: a revoked key's signatures stop counting at once. */
    public List<Signature> unrevokedSignatures(Connection c, UUID id) throws SQLException {
        return query(c, "select s.key_id, s.signature from staged_signature s join signing_key k on k.key_id = s.key_id"
                        + " where s.staged_id = ? and k.revoked_at is null order by s.key_id",
                row -> new Signature(row.getString("key_id"), row.getString("signature")), id);
    }

    private static StagedMetadata row(ResultSet row) throws SQLException {
        Timestamp published = row.getTimestamp("published_at");
        return new StagedMetadata(row.getObject("id", UUID.class), row.getString("role"), row.getLong("version"),
                row.getBytes("signed_canonical"), role(row, "key_ids", "threshold"),
                role(row, "previous_key_ids", "previous_threshold"), strings(row, "releases"), row.getTimestamp("created_at").toInstant(),
                published == null ? null : published.toInstant(), row.getObject("superseded_by", UUID.class));
    }

    private static Role role(ResultSet row, String keyIds, String threshold) throws SQLException {
        return new Role(strings(row, keyIds), row.getInt(threshold));
    }

    private static List<String> strings(ResultSet row, String column) throws SQLException {
        return Arrays.asList((String[]) row.getArray(column).getArray());
    }
}
