package com.otaplatform.signing;

/** The versions of targets, snapshot and timestamp current after a publication. */
public record Publication(long targetsVersion, long snapshotVersion, long timestampVersion) {
}
