package com.otaplatform.checkin;

import java.time.Instant;

/** One update status event of a vehicle, as stored in the outcome feed. */
public record StatusEvent(
        long sequence,
        String eventId,
        String vin,
        String rollout,
        String correlationId,
        UpdatePhase phase,
        String ecuSerial,
        String errorCode,
        String message,
        Instant occurredAt,
        Instant receivedAt) {
}
