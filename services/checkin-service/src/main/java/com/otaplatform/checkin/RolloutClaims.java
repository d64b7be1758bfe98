package com.otaplatform.checkin;

import com.otaplatform.checkin.repository.VehicleRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps two live rollouts from both being applied to one ECU of a vehicle: a rollout that outranks
 * another ({@link LiveRollout#PRECEDENCE}) and still wants the vehicle holds the ECUs it touches,
 * also while it is paused, until the vehicle has finished it (or its stage is full before it got there).
 */
public final class RolloutClaims {
    private RolloutClaims() {
    }

    /**
     * Whether the rollout may (still) take the vehicle: not finished there, and either told it to
     * install already or its stage is below its cap.
     */
    public static boolean mayTake(Connection c, VehicleRepository vehicles, Vehicle vehicle, LiveRollout rollout) throws SQLException {
        Optional<Boolean> finished = vehicles.rolloutFinished(c, vehicle.vin(), rollout.name());
        return finished.isPresent() ? !finished.get() : !rollout.stageFull(vehicle.vin());
    }

    /** Whether a live rollout that outranks {@code candidate} holds one of its ECUs on the vehicle. */
    public static boolean heldByOther(Connection c, VehicleRepository vehicles, Vehicle vehicle, LiveRollout candidate,
            List<LiveRollout> live) throws SQLException {
        for (LiveRollout other : live) {
            if (LiveRollout.PRECEDENCE.compare(other, candidate) >= 0) {
                continue;
            }
            if (other.sharesEcuWith(candidate) && other.reaches(vehicle.vin()) && RolloutFit.of(vehicle, other).wanted()
                    && mayTake(c, vehicles, vehicle, other)) {
                return true;
            }
        }
        return false;
    }
}
