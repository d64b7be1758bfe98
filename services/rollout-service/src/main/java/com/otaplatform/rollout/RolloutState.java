package com.otaplatform.rollout;

/** The lifecycle of a rollout. */
public enum RolloutState {
    DRAFT, RUNNING, PAUSED, COMPLETED, ABORTED;

    /** Whether check-in still needs to know about it. */
    public boolean live() {
        return this == RUNNING || this == PAUSED;
    }

    /** Whether the rollout has ended for good. */
    public boolean isFinal() {
        return this == COMPLETED || this == ABORTED;
    }
}
