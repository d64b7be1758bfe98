package com.otaplatform.checkin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a rollout's images fit one vehicle: selected or not, able to take every image or not, and which images it still lacks. */
public record RolloutFit(boolean selected, boolean compatible, List<Pending> pending) {

    /** An image the vehicle lacks, and the ECU that takes it. */
    public record Pending(Ecu ecu, LiveRollout.Target target) {
    }

    /** The fit of {@code rollout} on {@code vehicle}, whatever the rollout's stage. */
    public static RolloutFit of(Vehicle vehicle, LiveRollout rollout) {
        if (!rollout.selector().matches(vehicle.attributes(), vehicle.installedVersions())) {
            return new RolloutFit(false, false, List.of());
        }
        List<Pending> pending = new ArrayList<>();
        for (LiveRollout.Target target : rollout.targets()) {
            Optional<Ecu> ecu = vehicle.ecus().stream()
                    .filter(e -> e.ecu().equals(target.ecu()) && e.hardwareId().equals(target.hardwareId())).findFirst();
            if (ecu.isEmpty()) {
                return new RolloutFit(true, false, List.of()); // the vehicle cannot take every image of the release: none is sent
            }
            if (!target.sha256().equals(ecu.get().installedSha256())) {
                pending.add(new Pending(ecu.get(), target));
            }
        }
        return new RolloutFit(true, true, List.copyOf(pending));
    }

    /** Whether the vehicle is selected, can take the images and lacks one of them. */
    public boolean wanted() {
        return selected && compatible && !pending.isEmpty();
    }
}
