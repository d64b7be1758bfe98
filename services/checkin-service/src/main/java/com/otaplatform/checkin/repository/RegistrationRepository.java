package com.otaplatform.checkin.repository;

import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.checkin.Registration;
import com.otaplatform.checkin.VehicleKeys;
import com.otaplatform.tuf.json.Json;
import com.otaplatform.tuf.model.Key;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
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

    /** Spends the registration's token on the certificate with this serial, and registers the vehicle's ECU keys. */
    public void markProvisioned(Connection c, String vin, String certificateSerial, Instant at, VehicleKeys keys) throws SQLException {
        update(c, "update vehicle_registration set provisioned_at = ?, certificate_serial = ?, primary_ecu_serial = ?, ecu_keys = ?::jsonb"
                        + " where vin = ?",
                Timestamp.from(at), certificateSerial, keys.primaryEcuSerial(), ecuKeysJson(keys), vin);
    }

    /** The ECU keys as stored: TUF key objects by ECU serial. */
    static String ecuKeysJson(VehicleKeys keys) {
        ObjectNode json = Json.object();
        keys.ecuKeys().forEach((serial, key) -> json.set(serial, key.toJson()));
        return json.toString();
    }

    /** The keys of a row with {@code primary_ecu_serial} and {@code ecu_keys}, or null when the vehicle registered none. */
    static VehicleKeys vehicleKeys(ResultSet row) throws SQLException {
        String stored = row.getString("ecu_keys");
        if (stored == null) {
            return null;
        }
        try {
            Map<String, Key> keys = new LinkedHashMap<>();
            Json.MAPPER.readTree(stored).fields().forEachRemaining(e -> keys.put(e.getKey(), Key.fromJson(e.getValue(), "ecu_keys." + e.getKey())));
            return new VehicleKeys(row.getString("primary_ecu_serial"), keys);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SQLException("unreadable ECU keys of " + row.getString("vin"), e);
        }
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
