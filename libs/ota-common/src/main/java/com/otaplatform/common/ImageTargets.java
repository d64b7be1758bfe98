package com.otaplatform.common;

/**
 * Names of release images as targets of the image repository. signing-service lists each image under this name and
 * rollouts hand it to vehicles, so that the director's targets and the image repository's name the same thing.
 */
public final class ImageTargets {
    private ImageTargets() {
    }

    /** The target name of a release's image for an ECU: unique because release display names are. */
    public static String name(String releaseDisplayName, String ecu, String fileName) {
        return releaseDisplayName + "/" + ecu + "/" + fileName;
    }
}
