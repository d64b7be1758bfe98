package com.otaplatform.common;

/** The realm roles of the Keycloak realm {@code ota}, as they arrive in {@code realm_access.roles}. */
public final class Roles {
    /** Pushes artifacts, creates and signs releases. */
    public static final String RELEASE_ENGINEER = "release-engineer";
    /** Creates and steers rollouts. */
    public static final String OPERATOR = "operator";
    /** Reads everything, changes nothing. */
    public static final String VIEWER = "viewer";
    /** Manages vehicles, keys and certificates. */
    public static final String FLEET_ADMIN = "fleet-admin";
    /** Another service of the platform (service account). */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
