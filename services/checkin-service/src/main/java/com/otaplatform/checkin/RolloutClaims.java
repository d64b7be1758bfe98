package com.otaplatform.checkin;

import com.otaplatform.checkin.repository.VehicleRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Keeps two live rollouts from both being applied to one ECU of a vehicle: a rollout that outranks
 * another ({@link LiveRollout#PRECEDENCE}) and still wants the vehicle holds the ECUs it touches,
 * also while it is paused, until the vehicle has finished it.
 */
public final class RolloutClaims {
    private RolloutClaims() {
    }

    /** Whether a live rollout that outranks {@code candidate} holds one of its ECUs on the vehicle. */
    public static boolean heldByOther(Connection c, VehicleRepository vehicles, Vehicle vehicle, LiveRollout candidate,
            List<LiveRollout> live) throws SQLException {
        for (LiveRollout other : live) {
            if (LiveRollout.PRECEDENCE.compare(other, candidate) >= 0) {
                continue;
            }
            if (other.sharesEcuWith(candidate) && other.reaches(vehicle.vin()) && RolloutFit.of(vehicle, other).wanted()
                    && !vehicles.rolloutFinished(c, vehicle.vin(), other.name()).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
