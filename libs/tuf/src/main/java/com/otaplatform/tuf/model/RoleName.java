package com.otaplatform.tuf.model;

import java.util.List;

/** Names of the four top-level TUF roles. */
public final class RoleName {
    public static final String ROOT = "root";
    public static final String TARGETS = "targets";
    public static final String SNAPSHOT = "snapshot";
    public static final String TIMESTAMP = "timestamp";
    public static final List<String> TOP_LEVEL = List.of(ROOT, TARGETS, SNAPSHOT, TIMESTAMP);

    private RoleName() {
    }
}
