package com.otaplatform.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.model.TargetFile;
import java.util.Map;

/**
 * A target of the image repository: one release's image for one ECU, listed first by targets {@code targetsVersion}, or
 * pending (0) while its release waits for a staged targets version to be signed offline.
 */
public record ImageTarget(String name, long length, String sha256, String sha512, ObjectNode custom, String release,
                          long targetsVersion) {

    public boolean pending() {
        return targetsVersion == 0;
    }

    public TargetFile toTargetFile() {
        return new TargetFile(name, length, Map.of("sha256", sha256, "sha512", sha512), custom);
    }
}
