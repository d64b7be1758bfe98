package com.otaplatform.signing;

import java.util.List;

/** A release as artifact-service describes it: what SignRelease puts into the image repository. */
public record Release(String name, String displayName, boolean signed, List<ReleaseImage> images) {
    public Release {
        images = List.copyOf(images);
    }
}
