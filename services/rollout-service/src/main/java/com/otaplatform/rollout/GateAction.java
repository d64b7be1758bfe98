package com.otaplatform.rollout;

/** What a gate does when a stage's failure rate is over its limit. */
public enum GateAction {
    PAUSE, ABORT
}
