package com.otaplatform.otactl.cli;

/** Accepts resource names with or without their collection: {@code abc} and {@code rollouts/abc} are the same rollout. */
public final class ResourceNames {
    private ResourceNames() {
    }

    public static String of(String collection, String nameOrId) {
        String n = nameOrId.trim();
        return n.startsWith(collection + "/") ? n : collection + "/" + n;
    }

    public static String artifact(String s) {
        return of("artifacts", s);
    }

    public static String release(String s) {
        return of("releases", s);
    }

    public static String rollout(String s) {
        return of("rollouts", s);
    }

    public static String vehicle(String s) {
        return of("vehicles", s);
    }
}
