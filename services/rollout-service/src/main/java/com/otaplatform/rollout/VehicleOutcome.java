package com.otaplatform.rollout;

/** Where one vehicle stands in one rollout. */
public enum VehicleOutcome {
    IN_PROGRESS, SUCCEEDED, FAILED;

    /** Whether the vehicle has finished, either way. */
    public boolean isFinal() {
        return this != IN_PROGRESS;
    }
}
