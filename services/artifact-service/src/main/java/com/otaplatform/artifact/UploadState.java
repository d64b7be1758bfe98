package com.otaplatform.artifact;

/** Where an upload stands. */
public enum UploadState {
    OPEN, COMMITTED, CANCELLED
}
