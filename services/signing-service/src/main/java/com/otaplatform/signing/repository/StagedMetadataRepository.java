package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.StagedMetadata;
import com.otaplatform.tuf.model.Role;
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
                        + " previous_threshold, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                staged.id(), staged.role(), staged.version(), staged.signedCanonical(),
                c.createArrayOf("text", staged.required().keyIds().toArray()), staged.required().threshold(),
                c.createArrayOf("text", staged.previous().keyIds().toArray()), staged.previous().threshold(),
                Timestamp.from(staged.createdAt()));
    }

    public Optional<StagedMetadata> find(Connection c, UUID id) throws SQLException {
        return queryOne(c, "select * from staged_metadata where id = ?", StagedMetadataRepository::row, id);
    }

    public void markPublished(Connection c, UUID id, Instant at) throws SQLException {
        update(c, "update staged_metadata set published_at = ? where id = ?", Timestamp.from(at), id);
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
                role(row, "previous_key_ids", "previous_threshold"), row.getTimestamp("created_at").toInstant(),
                published == null ? null : published.toInstant());
    }

    private static Role role(ResultSet row, String keyIds, String threshold) throws SQLException {
        return new Role(Arrays.asList((String[]) row.getArray(keyIds).getArray()), row.getInt(threshold));
    }
}
