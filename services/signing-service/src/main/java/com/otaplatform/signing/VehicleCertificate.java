package com.otaplatform.signing;

import java.math.BigInteger;
import java.time.Instant;

/** A vehicle client certificate the CA issued, and its revocation if any. */
public record VehicleCertificate(BigInteger serial, String vin, String certificatePem, Instant issuedAt, Instant notAfter,
                                 Instant revokedAt, String revokeReason) {
}
