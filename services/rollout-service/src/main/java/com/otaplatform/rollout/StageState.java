package com.otaplatform.rollout;

/** Where a stage stands. */
public enum StageState {
    PENDING, ACTIVE, PASSED, FAILED
}
