package com.otaplatform.checkin;

import com.otaplatform.tuf.model.Key;
import java.util.Map;

/** The ECU public keys a vehicle registered at provisioning, by ECU serial; the primary ECU's key signs its manifests. */
public record VehicleKeys(String primaryEcuSerial, Map<String, Key> ecuKeys) {
    public VehicleKeys {
        ecuKeys = Map.copyOf(ecuKeys);
        if (!ecuKeys.containsKey(primaryEcuSerial)) {
            throw new IllegalArgumentException("the primary ECU " + primaryEcuSerial + " has no key");
        }
    }
}
