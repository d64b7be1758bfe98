package com.otaplatform.console;

import java.time.Instant;

/** One update status event of a vehicle. */
public record VehicleEventView(long sequence, String rollout, String phase, String ecuSerial, String errorCode, String message,
                               Instant occurTime, Instant receiveTime) {
}
