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
 * Answers for one vehicle from the rollouts that reached it, read once, at the first question that needs them.
 */
public final class RolloutClaims {
    private final Connection c;
    private final VehicleRepository vehicles;
    private final Vehicle vehicle;
    private List<VehicleRepository.Reached> reached;

    public RolloutClaims(Connection c, VehicleRepository vehicles, Vehicle vehicle) {
        this.c = c;
        this.vehicles = vehicles;
        this.vehicle = vehicle;
    }

    /**
     * Whether the rollout may (still) take the vehicle: not finished there, and either told it to
     * install already or its stage is below its cap.
     */
    public boolean mayTake(LiveRollout rollout) throws SQLException {
        Optional<VehicleRepository.Reached> reached = reached(rollout);
        return reached.isPresent() ? !reached.get().finished() : !rollout.stageFull(vehicle.vin());
    }

    /** Whether a live rollout that outranks {@code candidate} holds one of its ECUs on the vehicle. */
    public boolean heldByOther(LiveRollout candidate, List<LiveRollout> live) throws SQLException {
        for (LiveRollout other : live) {
            if (LiveRollout.PRECEDENCE.compare(other, candidate) >= 0) {
                continue;
            }
            if (other.sharesEcuWith(candidate) && other.reaches(vehicle.vin()) && RolloutFit.of(vehicle, other).wanted() && mayTake(other)) {
                return true;
            }
        }
        return false;
    }

    /** The rollout's assignment to the vehicle, if it told the vehicle to install before. */
    public Optional<VehicleRepository.Reached> reached(LiveRollout rollout) throws SQLException {
        if (reached == null) {
            reached = vehicles.reached(c, vehicle.vin());
        }
        return reached.stream().filter(r -> r.rollout().equals(rollout.name())).findFirst();
    }
}
