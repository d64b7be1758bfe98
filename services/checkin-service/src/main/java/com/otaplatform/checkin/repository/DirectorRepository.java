package com.otaplatform.checkin.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.checkin.DirectorMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The director repository's keys, root metadata and per-vehicle metadata, in the {@code checkin} schema. */
@ApplicationScoped
public class DirectorRepository {

    /** Serialises bootstraps of the director across replicas, until the transaction ends. */
    public void lockBootstrap(Connection c) throws SQLException {
        queryOne(c, "select pg_advisory_xact_lock(hashtext('checkin.director.bootstrap'))", row -> true);
    }

    /** Encrypted private key per role. */
    public Map<String, String> keys(Connection c) throws SQLException {
        return query(c, "select role, encrypted_private_key from director_key", row -> Map.entry(row.getString(1), row.getString(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public void insertKey(Connection c, String role, String keyId, String encryptedPrivateKey) throws SQLException {
        update(c, "insert into director_key (role, key_id, encrypted_private_key, created_at) values (?, ?, ?, now())", role, keyId,
                encryptedPrivateKey);
    }

    public void insertRoot(Connection c, long version, byte[] metadata, Instant expiresAt) throws SQLException {
        update(c, "insert into director_root (version, metadata, expires_at) values (?, ?, ?)", version, metadata, Timestamp.from(expiresAt));
    }

    public Optional<byte[]> root(Connection c, long version) throws SQLException {
        return queryOne(c, "select metadata from director_root where version = ?", row -> row.getBytes(1), version);
    }

    public Optional<byte[]> latestRoot(Connection c) throws SQLException {
        return queryOne(c, "select metadata from director_root order by version desc limit 1", row -> row.getBytes(1));
    }

    public Optional<DirectorMetadata> vehicle(Connection c, String vin) throws SQLException {
        return queryOne(c, "select * from director_vehicle where vin = ?", DirectorRepository::metadata, vin);
    }

    /** Stores a vehicle's metadata unless a replica stored this version or a later one first. */
    public void upsertVehicle(Connection c, DirectorMetadata md) throws SQLException {
        update(c, "insert into director_vehicle (vin, version, fingerprint, targets, snapshot, timestamp, expires_at) values (?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (vin) do update set version = excluded.version, fingerprint = excluded.fingerprint,"
                        + " targets = excluded.targets, snapshot = excluded.snapshot, timestamp = excluded.timestamp,"
                        + " expires_at = excluded.expires_at where director_vehicle.version < excluded.version",
                md.vin(), md.version(), md.fingerprint(), md.targets(), md.snapshot(), md.timestamp(), Timestamp.from(md.expiresAt()));
    }

    private static DirectorMetadata metadata(ResultSet row) throws SQLException {
        return new DirectorMetadata(row.getString("vin"), row.getLong("version"), row.getString("fingerprint"), row.getBytes("targets"),
                row.getBytes("snapshot"), row.getBytes("timestamp"), row.getTimestamp("expires_at").toInstant());
    }
}
