package com.otaplatform.signing;

import java.util.List;

/** One ECU's image in a release, with the length and digests artifact-service computed. */
public record ReleaseImage(String ecu, String artifact, String fileName, List<String> hardwareIds, long releaseCounter,
                           long length, String sha256, String sha512) {
    public ReleaseImage {
        hardwareIds = List.copyOf(hardwareIds);
    }
}
