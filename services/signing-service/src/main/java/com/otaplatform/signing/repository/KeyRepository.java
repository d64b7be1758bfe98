package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.KeyScheme;
import com.otaplatform.signing.KeyStorage;
import com.otaplatform.signing.PublicKeyPem;
import com.otaplatform.signing.SigningKey;
import com.otaplatform.tuf.model.Key;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Keys of the image repository in table {@code signing_key}. */
@ApplicationScoped
public class KeyRepository {

    public void insert(Connection c, SigningKey key) throws SQLException {
        Array roles = c.createArrayOf("text", key.roles().toArray());
        update(c, "insert into signing_key (key_id, scheme, storage, public_key_pem, roles, created_at, encrypted_private_key)"
                        + " values (?, ?, ?, ?, ?, ?, ?)",
                key.keyId(), key.scheme().name(), key.storage().name(), key.publicKeyPem(),
                roles, Timestamp.from(key.createdAt()), key.encryptedPrivateKey());
    }

    public Optional<SigningKey> find(Connection c, String keyId) throws SQLException {
        return queryOne(c, "select * from signing_key where key_id = ?", KeyRepository::row, keyId);
    }

    /** Every key, oldest first. */
    public List<SigningKey> list(Connection c, long offset, int limit) throws SQLException {
        return query(c, "select * from signing_key order by created_at, key_id limit ? offset ?", KeyRepository::row, limit, offset);
    }

    /** Unrevoked keys registered for {@code role}, oldest first. */
    public List<SigningKey> registeredFor(Connection c, String role) throws SQLException {
        return query(c, "select * from signing_key where ? = any(roles) and revoked_at is null order by created_at, key_id",
                KeyRepository::row, role);
    }

    public void setRoles(Connection c, String keyId, List<String> roles) throws SQLException {
        update(c, "update signing_key set roles = ? where key_id = ?", c.createArrayOf("text", roles.toArray()), keyId);
    }

    /** Marks the key revoked unless it already is. */
    public void revoke(Connection c, String keyId, String reason, Instant at) throws SQLException {
        update(c, "update signing_key set revoked_at = ?, revoke_reason = ? where key_id = ? and revoked_at is null",
                Timestamp.from(at), reason, keyId);
    }

    public List<SigningKey> all(Connection c) throws SQLException {
        return query(c, "select * from signing_key order by created_at, key_id", KeyRepository::row);
    }

    private static SigningKey row(ResultSet row) throws SQLException {
        KeyScheme scheme = KeyScheme.valueOf(row.getString("scheme"));
        Key key = PublicKeyPem.parse(row.getString("public_key_pem"), scheme);
        String[] roles = (String[]) row.getArray("roles").getArray();
        Timestamp revoked = row.getTimestamp("revoked_at");
        return new SigningKey(row.getString("key_id"), scheme,
                KeyStorage.valueOf(row.getString("storage")), key, Arrays.asList(roles), row.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant(), row.getString("encrypted_private_key"));
    }
}
