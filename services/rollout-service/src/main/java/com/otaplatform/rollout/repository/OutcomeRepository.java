package com.otaplatform.rollout.repository;

import static com.otaplatform.common.Database.queryOne;
import static com.otaplatform.common.Database.update;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Per-vehicle outcomes of rollouts, the stage counters they feed, and the feed cursor. */
@ApplicationScoped
public class OutcomeRepository {

    /** The feed position folded so far, locked so that one replica folds a page at a time. */
    public long lockCursor(Connection c) throws SQLException {
        return queryOne(c, "select after_sequence from outcome_cursor where id = 1 for update", row -> row.getLong(1)).orElseThrow();
    }

    public void moveCursor(Connection c, long afterSequence) throws SQLException {
        update(c, "update outcome_cursor set after_sequence = ? where id = 1", afterSequence);
    }

    /** The vehicle's status in the rollout, if the rollout reached it. */
    public Optional<String> vehicleStatus(Connection c, UUID rollout, String vin) throws SQLException {
        return queryOne(c, "select status from rollout_vehicle where rollout_id = ? and vin = ?", row -> row.getString(1), rollout, vin);
    }

    public void insertVehicle(Connection c, UUID rollout, String vin, int stage, String status) throws SQLException {
        update(c, "insert into rollout_vehicle (rollout_id, vin, stage, status) values (?, ?, ?, ?)", rollout, vin, stage, status);
    }

    public void updateVehicle(Connection c, UUID rollout, String vin, String status) throws SQLException {
        update(c, "update rollout_vehicle set status = ? where rollout_id = ? and vin = ?", status, rollout, vin);
    }

    /** Adds the deltas to a stage's counters. */
    public void count(Connection c, UUID rollout, int stage, long reached, long succeeded, long failed, long inProgress) throws SQLException {
        update(c, "update stage_progress set reached = reached + ?, succeeded = succeeded + ?, failed = failed + ?,"
                + " in_progress = in_progress + ? where rollout_id = ? and stage = ?", reached, succeeded, failed, inProgress, rollout, stage);
    }
}
