package com.otaplatform.signing.repository;

import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.otaplatform.signing.VehicleCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The vehicle CA and the certificates it issued (tables {@code vehicle_ca}, {@code vehicle_certificate}). */
@ApplicationScoped
public class VehicleCaRepository {
    private static final long CA_LOCK = 0x0741_5349_474E_0002L;

    /** The CA's certificate and encrypted private key. */
    public record StoredCa(String certificatePem, String encryptedPrivateKey) {
    }

    /** Serialises the creation of the CA across replicas until commit. */
    public void lock(Connection c) throws SQLException {
        queryOne(c, "select pg_advisory_xact_lock(?)", row -> 1, CA_LOCK);
    }

    public Optional<StoredCa> find(Connection c) throws SQLException {
        return queryOne(c, "select * from vehicle_ca where id = 1",
                row -> new StoredCa(row.getString("certificate_pem"), row.getString("encrypted_private_key")));
    }

    public void insert(Connection c, StoredCa ca, Instant createdAt) throws SQLException {
        update(c, "insert into vehicle_ca (id, certificate_pem, encrypted_private_key, created_at) values (1, ?, ?, ?)",
                ca.certificatePem(), ca.encryptedPrivateKey(), Timestamp.from(createdAt));
    }

    public void insert(Connection c, VehicleCertificate certificate) throws SQLException {
        update(c, "insert into vehicle_certificate (serial, vin, certificate_pem, issued_at, not_after) values (?, ?, ?, ?, ?)",
                certificate.serial().toString(16), certificate.vin(), certificate.certificatePem(),
                Timestamp.from(certificate.issuedAt()), Timestamp.from(certificate.notAfter()));
    }

    /** Marks the certificate revoked unless it was already; false when there is no such certificate. */
    public Optional<VehicleCertificate> revoke(Connection c, BigInteger serial, String reason, Instant at) throws SQLException {
        update(c, "update vehicle_certificate set revoked_at = ?, revoke_reason = ? where serial = ? and revoked_at is null",
                Timestamp.from(at), reason, serial.toString(16));
        return queryOne(c, "select * from vehicle_certificate where serial = ?", VehicleCaRepository::row, serial.toString(16));
    }

    /** Revoked certificates that have not expired yet (expired ones need not stay on the list). */
    public List<VehicleCertificate> revokedUnexpired(Connection c, Instant now) throws SQLException {
        return query(c, "select * from vehicle_certificate where revoked_at is not null and not_after > ? order by revoked_at, serial",
                VehicleCaRepository::row, Timestamp.from(now));
    }

    public long nextCrlNumber(Connection c) throws SQLException {
        return queryOne(c, "select nextval('vehicle_crl_number')", row -> row.getLong(1)).orElseThrow();
    }

    private static VehicleCertificate row(ResultSet row) throws SQLException {
        Timestamp revoked = row.getTimestamp("revoked_at");
        return new VehicleCertificate(new BigInteger(row.getString("serial"), 16), row.getString("vin"), row.getString("certificate_pem"),
                row.getTimestamp("issued_at").toInstant(), row.getTimestamp("not_after").toInstant(),
                revoked == null ? null : revoked.toInstant(), row.getString("revoke_reason"));
    }
}
