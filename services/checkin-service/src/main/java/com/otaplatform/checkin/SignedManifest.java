package com.otaplatform.checkin;

import java.util.List;

/**
 * A vehicle version manifest as it arrived: the signed bytes and their signatures, and the ECU version reports in it,
 * each with its own signed bytes and signatures. What {@link ManifestVerification} checks.
 */
public record SignedManifest(String vin, String primaryEcuSerial, byte[] manifest, List<Signature> signatures, List<Report> reports) {
    public SignedManifest {
        signatures = List.copyOf(signatures);
        reports = List.copyOf(reports);
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("a manifest holds at least one ECU report (the nonce is in the reports)");
        }
    }

    /** A signature: the key id (hex SHA-256 of the TUF key object), the scheme, the signature bytes. */
    public record Signature(String keyId, String method, byte[] value) {
    }

    /** One ECU's version report: what it says, the nonce it carries, its signed bytes and signatures. */
    public record Report(Ecu ecu, String nonce, byte[] report, List<Signature> signatures) {
        public Report {
            signatures = List.copyOf(signatures);
        }
    }

    /** The nonce the manifest answers: the first report's (every report must carry the same one). */
    public String nonce() {
        return reports.get(0).nonce();
    }
}
