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

/** Vehicle registrations, the hashes of their factory tokens and their current certificates, in the {@code checkin} schema. */
@ApplicationScoped
public class RegistrationRepository {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    RegistrationRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Registers {@code registration} with this token hash, or, when its VIN is registered already with the same
     * attributes and has never been provisioned, replaces the unspent token's hash: a repeated registration (its answer
     * was lost) gets a fresh token. Returns when the VIN was first registered; empty when it is registered otherwise.
     */
    public Optional<Instant> insertOrRenewToken(Connection c, Registration registration, byte[] tokenHash) throws SQLException {
        return queryOne(c, "insert into vehicle_registration as r (vin, attributes, factory_token_hash, registered_at) values (?, ?::jsonb, ?, ?)"
                        + " on conflict (vin) do update set factory_token_hash = excluded.factory_token_hash"
                        + " where r.certificate_serial is null and r.attributes = excluded.attributes returning r.registered_at",
                row -> row.getTimestamp(1).toInstant(),
                registration.vin(), toJson(registration.attributes()), tokenHash, Timestamp.from(registration.registeredAt()));
    }

    /** The registration of {@code vin} with its token hash, certificate and keys, locked until the transaction ends. */
    public Optional<Locked> lock(Connection c, String vin) throws SQLException {
        return queryOne(c, "select * from vehicle_registration where vin = ? for update",
                row -> new Locked(registration(row), row.getBytes("factory_token_hash"), row.getString("certificate_serial"),
                        row.getString("certificate_pem"), row.getString("ca_chain_pem"), vehicleKeys(row)), vin);
    }

    /**
     * Spends the registration's token on this certificate, which becomes the vehicle's only valid one, and registers the
     * vehicle's ECU keys, replacing earlier ones; the next manifest starts a new nonce chain (answers "").
     */
    public void markProvisioned(Connection c, String vin, Certificate certificate, Instant at, VehicleKeys keys) throws SQLException {
        update(c, "update vehicle_registration set provisioned_at = ?, certificate_serial = ?, certificate_pem = ?, ca_chain_pem = ?,"
                        + " primary_ecu_serial = ?, ecu_keys = ?::jsonb, nonce = null where vin = ?",
                Timestamp.from(at), certificate.serial(), certificate.certificatePem(), certificate.caChainPem(), keys.primaryEcuSerial(),
                ecuKeysJson(keys), vin);
    }

    /** Replaces the registration's factory token with an unspent one; its certificate and keys stay until that is spent. */
    public void replaceToken(Connection c, String vin, byte[] tokenHash) throws SQLException {
        update(c, "update vehicle_registration set factory_token_hash = ?, provisioned_at = null where vin = ?", tokenHash, vin);
    }

    /** Replaces the attributes the registration holds; its token, certificate and keys stay. */
    public void replaceAttributes(Connection c, String vin, Map<String, String> attributes) throws SQLException {
        update(c, "update vehicle_registration set attributes = ?::jsonb where vin = ?", toJson(attributes), vin);
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

    /** A vehicle's client certificate (serial in hex) with the vehicle CA chain it was issued with. */
    public record Certificate(String serial, String certificatePem, String caChainPem) {
    }

    /**
     * A registration with the hash of its current factory token and what the last spent token bought: the certificate
     * ({@code certificatePem} null for vehicles provisioned before it was kept, {@code certificateSerial} null before the
     * first provisioning) and the ECU keys (null when none were registered).
     */
    public record Locked(Registration registration, byte[] tokenHash, String certificateSerial, String certificatePem, String caChainPem,
            VehicleKeys keys) {
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
