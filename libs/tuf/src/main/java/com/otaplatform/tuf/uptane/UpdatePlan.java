package com.otaplatform.tuf.uptane;

import java.util.List;

/** The images a vehicle should install, after full verification of both repositories. */
public record UpdatePlan(List<EcuImage> images) {
    public UpdatePlan {
        images = List.copyOf(images);
    }
}
