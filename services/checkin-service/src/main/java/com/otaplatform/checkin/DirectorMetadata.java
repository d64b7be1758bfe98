package com.otaplatform.checkin;

import java.time.Instant;

/**
 * One vehicle's signed director metadata (TUF JSON): targets, snapshot and timestamp of the same version, and the
 * fingerprint of the assignment its targets list.
 */
public record DirectorMetadata(String vin, long version, String fingerprint, byte[] targets, byte[] snapshot, byte[] timestamp,
        Instant expiresAt) {
}
