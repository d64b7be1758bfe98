package com.otaplatform.tuf.uptane;

import com.otaplatform.tuf.model.TargetFile;

/** One verified assignment: the director's target for an ECU and the matching image repository target. */
public record EcuImage(Ecu ecu, TargetFile directorTarget, TargetFile imageTarget) {
}
