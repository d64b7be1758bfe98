package com.otaplatform.checkin.repository;

import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.checkin.Registration;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Vehicle registrations and the hashes of their factory tokens, in the {@code checkin} schema. */
@ApplicationScoped
public class RegistrationRepository {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    RegistrationRepository(ObjectMapper json) {
        this.json = json;
    }

    /** A registration with its token hash, or false when the VIN is registered already. */
    public boolean insert(Connection c, Registration registration, byte[] tokenHash) throws SQLException {
        return update(c, "insert into vehicle_registration (vin, attributes, factory_token_hash, registered_at) values (?, ?::jsonb, ?, ?)"
                        + " on conflict (vin) do nothing",
                registration.vin(), toJson(registration.attributes()), tokenHash, Timestamp.from(registration.registeredAt())) == 1;
    }

    /** The registration of {@code vin} and its token hash, locked until the transaction ends. */
    public Optional<Locked> lock(Connection c, String vin) throws SQLException {
        return queryOne(c, "select * from vehicle_registration where vin = ? for update",
                row -> new Locked(registration(row), row.getBytes("factory_token_hash")), vin);
    }

    /** Spends the registration's token on the certificate with this serial. */
    public void markProvisioned(Connection c, String vin, String certificateSerial, Instant at) throws SQLException {
        update(c, "update vehicle_registration set provisioned_at = ?, certificate_serial = ? where vin = ?",
                Timestamp.from(at), certificateSerial, vin);
    }

    /** A registration with the hash of its factory token. */
    public record Locked(Registration registration, byte[] tokenHash) {
    }

    private Registration registration(ResultSet row) throws SQLException {
        Timestamp provisioned = row.getTimestamp("provisioned_at");
        try {
            return new Registration(row.getString("vin"), json.readValue(row.getString("attributes"), ATTRIBUTES),
                    row.getTimestamp("registered_at").toInstant(), provisioned == null ? null : provisioned.toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable vehicle registration row", e);
        }
    }

    private String toJson(Object value) throws SQLException {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot serialise " + value, e);
        }
    }
}
