package com.otaplatform.checkin.repository;

import static com.otaplatform.common.Database.jsonb;
import static com.otaplatform.common.Database.query;
import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.checkin.Ecu;
import com.otaplatform.checkin.StatusEvent;
import com.otaplatform.checkin.UpdatePhase;
import com.otaplatform.checkin.Vehicle;
import com.otaplatform.checkin.VehicleKeys;
import com.otaplatform.checkin.VersionCount;
import com.otaplatform.common.Selector;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Vehicles, their status events and the rollouts that reached them, in the {@code checkin} schema. */
@ApplicationScoped
public class VehicleRepository {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final TypeReference<List<Ecu>> ECUS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    VehicleRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Records a check-in's manifest if it comes with the vehicle's current certificate and answers the nonce issued last,
     * in one statement: spends that nonce (the vehicle's next manifest must answer {@code nextNonce}) and upserts the
     * vehicle row, keeping its created_at. The attributes stored are those the vehicle reports, except that those a fleet
     * admin registered it with win: a vehicle cannot move itself into another model's or region's rollouts. Returns the
     * keys to verify the manifest with and the attributes stored, before the transaction commits; empty, recording
     * nothing, when the certificate is not the one the vehicle's latest provisioning issued, the nonce is not the one
     * issued last ({@code ""} matches before the first check-in) or the vehicle registered no keys. The registration row
     * stays locked until the transaction ends, so of two check-ins that answer one nonce only the first is recorded.
     */
    public Optional<Recorded> recordManifest(Connection c, Vehicle vehicle, String certificateSerial, String answeredNonce, String nextNonce)
            throws SQLException {
        return queryOne(c, "with spent as (update vehicle_registration set nonce = ? where vin = ? and coalesce(nonce, '') = ?"
                        + " and ecu_keys is not null and certificate_serial = ? returning vin, primary_ecu_serial, ecu_keys, attributes),"
                        + " recorded as (insert into vehicle (vin, attributes, ecus, last_seen, created_at)"
                        + " select vin, ? || attributes, ?, ?, ? from spent"
                        + " on conflict (vin) do update set attributes = excluded.attributes, ecus = excluded.ecus, last_seen = excluded.last_seen"
                        + " returning attributes)"
                        + " select vin, primary_ecu_serial, ecu_keys, (select attributes from recorded) as stored from spent",
                row -> new Recorded(RegistrationRepository.vehicleKeys(row), attributes(row.getString("stored"))), nextNonce, vehicle.vin(),
                answeredNonce, certificateSerial, jsonb(json, vehicle.attributes()), jsonb(json, vehicle.ecus()),
                Timestamp.from(vehicle.lastSeen()), Timestamp.from(vehicle.createdAt()));
    }

    /**
     * Applies new registered attributes to the stored vehicle (a vehicle that has not checked in has no row): the keys
     * registered before go, the new registered ones win, the other reported ones stay.
     */
    public void applyRegisteredAttributes(Connection c, String vin, Set<String> registeredBefore, Map<String, String> registered)
            throws SQLException {
        update(c, "update vehicle set attributes = (attributes - ?) || ? where vin = ?",
                c.createArrayOf("text", registeredBefore.toArray()), jsonb(json, registered), vin);
    }

    /** What a recorded check-in answers: the keys to verify its manifest with, and the attributes stored for the vehicle. */
    public record Recorded(VehicleKeys keys, Map<String, String> attributes) {
    }

    /** What check-in holds a registered vehicle to: its current certificate, its keys and the nonce issued to it last. */
    public Optional<Pinned> pinned(Connection c, String vin) throws SQLException {
        return queryOne(c, "select vin, certificate_serial, primary_ecu_serial, ecu_keys, coalesce(nonce, '') as nonce from vehicle_registration"
                        + " where vin = ?",
                row -> new Pinned(row.getString("certificate_serial"), RegistrationRepository.vehicleKeys(row), row.getString("nonce")), vin);
    }

    /** The serial (hex) of the vehicle's current certificate, empty when it is not registered. */
    public Optional<String> certificateSerial(Connection c, String vin) throws SQLException {
        return queryOne(c, "select certificate_serial from vehicle_registration where vin = ?", row -> row.getString(1), vin);
    }

    /**
     * A vehicle's current certificate (serial in hex; null before its first provisioning), its registered keys (null
     * when it registered none) and the nonce its next manifest must answer.
     */
    public record Pinned(String certificateSerial, VehicleKeys keys, String nonce) {
    }

    public Optional<Vehicle> find(Connection c, String vin) throws SQLException {
        return queryOne(c, "select * from vehicle where vin = ?", this::vehicle, vin);
    }

    /** One page, by VIN, of the vehicles whose VIN starts with the prefix and that the selector selects. */
    public List<Vehicle> search(Connection c, String vinPrefix, Selector selector, long offset, int limit) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(vinPrefix.replace("%", "").replace("_", "") + "%");
        String where = "vin like ?" + selected(selector, params);
        params.add(limit);
        params.add(offset);
        return query(c, "select * from vehicle where " + where + " order by vin limit ? offset ?", this::vehicle, params.toArray());
    }

    /** How many selected vehicles run each version of the ECU, most common first, at most {@code limit} versions. */
    public List<VersionCount> versionCounts(Connection c, String ecu, Selector selector, int limit) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(ecu);
        String where = "e->>'ecu' = ?" + selected(selector, params);
        params.add(limit);
        return query(c, "select e->>'installedVersion' as version, count(distinct vin) as vehicles"
                        + " from vehicle cross join lateral jsonb_array_elements(ecus) e where " + where
                        + " group by 1 order by 2 desc, 1 limit ?",
                row -> new VersionCount(row.getString("version"), row.getLong("vehicles")), params.toArray());
    }

    /** One page of a vehicle's status events, newest first. */
    public List<StatusEvent> eventsOf(Connection c, String vin, long offset, int limit) throws SQLException {
        return query(c, "select * from status_event where vin = ? order by sequence desc limit ? offset ?", this::event, vin, limit, offset);
    }

    /**
     * The selector as SQL conditions, each starting with " and ", its values appended to {@code params}. An
     * attribute '=' is a jsonb containment test on {@code attributes} (answered by the GIN index), an
     * ecu.<ecu>.version '=' one on {@code ecus}; '!=' also selects vehicles without the attribute or ECU, as
     * {@link Selector#matches} does.
     */
    private String selected(Selector selector, List<Object> params) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (Selector.Comparison comparison : selector.comparisons()) {
            boolean ecu = comparison.ecu() != null;
            sql.append(comparison.equal() ? " and " : " and not ").append(ecu ? "ecus @> ?" : "attributes @> ?");
            params.add(ecu ? jsonb(json, List.of(Map.of("ecu", comparison.ecu(), "installedVersion", comparison.value())))
                    : jsonb(json, Map.of(comparison.attribute(), comparison.value())));
        }
        return sql.toString();
    }

    /** Hands every vehicle to {@code visitor}, streamed from the database in batches rather than loaded whole. */
    public void forEach(Connection c, Visitor visitor) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("select * from vehicle")) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    visitor.visit(vehicle(rows));
                }
            }
        }
    }

    /** Receives vehicles from {@link #forEach}. */
    @FunctionalInterface
    public interface Visitor {
        void visit(Vehicle vehicle) throws SQLException;
    }

    /** The rollouts that reached the vehicle: each told it to install under a correlation id, and the vehicle finished it or not. */
    public List<Reached> reached(Connection c, String vin) throws SQLException {
        return query(c, "select rollout, correlation_id, finished from vehicle_rollout where vin = ?",
                row -> new Reached(row.getString(1), row.getString(2), row.getBoolean(3)), vin);
    }

    /** A rollout that reached a vehicle: the correlation id of its assignment, and whether the vehicle finished it. */
    public record Reached(String rollout, String correlationId, boolean finished) {
    }

    /** The correlation id of the rollout's assignment to the vehicle, recorded once. */
    public String assign(Connection c, String vin, String rollout, String correlationId) throws SQLException {
        update(c, "insert into vehicle_rollout (vin, rollout, correlation_id) values (?, ?, ?) on conflict do nothing", vin, rollout, correlationId);
        return queryOne(c, "select correlation_id from vehicle_rollout where vin = ? and rollout = ?", row -> row.getString(1), vin, rollout)
                .orElseThrow();
    }

    public void finish(Connection c, String vin, String rollout) throws SQLException {
        update(c, "update vehicle_rollout set finished = true where vin = ? and rollout = ?", vin, rollout);
    }

    /** Stores the event unless its id is known; returns whether it was new. */
    public boolean insertEvent(Connection c, StatusEvent event) throws SQLException {
        return update(c, "insert into status_event (event_id, vin, rollout, correlation_id, phase, ecu_serial, error_code, message,"
                        + " occurred_at, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (event_id) do nothing",
                event.eventId(), event.vin(), event.rollout(), event.correlationId(), event.phase().name(), event.ecuSerial(),
                event.errorCode(), event.message(), Timestamp.from(event.occurredAt())) == 1;
    }

    /**
     * Gives committed events their feed position, in the order they were stored. Runs under a
     * transaction-scoped advisory lock, so feed positions become visible in increasing order.
     */
    public int sequenceCommittedEvents(Connection c, int limit) throws SQLException {
        queryOne(c, "select pg_advisory_xact_lock(hashtext('checkin.status_event.feed'))", row -> true);
        // nextval runs over the ordered subquery's rows, in their order: an update "where sequence in (...)" numbers rows in
        // whatever order the plan visits them, which after earlier updates is not the order they were stored in
        return update(c, "update status_event e set feed_sequence = numbered.position from (select sequence,"
                + " nextval('status_event_feed_seq') as position from (select sequence from status_event where feed_sequence is null"
                + " order by sequence limit ?) todo) numbered where e.sequence = numbered.sequence", limit);
    }

    /** Events after a feed position, in feed order. */
    public List<StatusEvent> eventsAfter(Connection c, long afterSequence, int limit) throws SQLException {
        return query(c, "select * from status_event where feed_sequence > ? order by feed_sequence limit ?", this::event, afterSequence, limit);
    }

    private StatusEvent event(ResultSet row) throws SQLException {
        return new StatusEvent(row.getLong("feed_sequence"), row.getString("event_id"), row.getString("vin"), row.getString("rollout"),
                row.getString("correlation_id"), UpdatePhase.valueOf(row.getString("phase")), row.getString("ecu_serial"),
                row.getString("error_code"), row.getString("message"), row.getTimestamp("occurred_at").toInstant(),
                row.getTimestamp("received_at").toInstant());
    }

    private Vehicle vehicle(ResultSet row) throws SQLException {
        try {
            return new Vehicle(row.getString("vin"), attributes(row.getString("attributes")),
                    json.readValue(row.getString("ecus"), ECUS), row.getTimestamp("last_seen").toInstant(),
                    row.getTimestamp("created_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable vehicle row", e);
        }
    }

    private Map<String, String> attributes(String stored) throws SQLException {
        try {
            return json.readValue(stored, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable vehicle attributes", e);
        }
    }
}
