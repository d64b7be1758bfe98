package com.otaplatform.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.model.TargetFile;
import java.util.Map;

/** A target of the image repository: one release's image for one ECU. */
public record ImageTarget(String name, long length, String sha256, String sha512, ObjectNode custom, String release,
                          long targetsVersion) {

    public TargetFile toTargetFile() {
        return new TargetFile(name, length, Map.of("sha256", sha256, "sha512", sha512), custom);
    }
}
