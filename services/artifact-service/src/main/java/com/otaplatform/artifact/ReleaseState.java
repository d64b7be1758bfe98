package com.otaplatform.artifact;

/** Where a release stands. */
public enum ReleaseState {
    CREATED, SIGNED, SUPERSEDED
}
