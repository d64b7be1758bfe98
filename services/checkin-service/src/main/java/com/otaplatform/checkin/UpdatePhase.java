package com.otaplatform.checkin;

/** The steps of one update on a vehicle. */
public enum UpdatePhase {
    ASSIGNED, DOWNLOADING, VERIFIED, INSTALLING, SUCCEEDED, FAILED, ROLLED_BACK;

    /** Whether the update ended here, either way. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
}
