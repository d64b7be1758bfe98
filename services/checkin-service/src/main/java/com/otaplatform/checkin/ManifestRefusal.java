package com.otaplatform.checkin;

/**
 * A check-in whose manifest is refused: forged or replayed. Nothing of it is recorded. The
 * reason is machine-readable, the field names the part of the request that is wrong.
 */
public final class ManifestRefusal extends RuntimeException {
    /** Why a manifest is refused. */
    public enum Reason {
        /** The manifest is not signed by the primary ECU's registered key. */
        BAD_MANIFEST_SIGNATURE,
        /** An ECU version report is not signed by its ECU's registered key. */
        BAD_ECU_SIGNATURE,
        /** A report comes from an ECU that registered no key. */
        UNKNOWN_ECU,
        /** A report's nonce is not the one check-in issued last: a replay, or a vehicle that lost its nonce. */
        REUSED_NONCE,
        /** The vehicle registered no ECU keys at provisioning. */
        NO_ECU_KEYS
    }

    private final Reason reason;
    private final String field;
    private final String currentNonce;

    public ManifestRefusal(Reason reason, String field, String problem) {
        this(reason, field, problem, null);
    }

    /** A refusal that tells the vehicle the nonce it must answer ({@code currentNonce}, not null for REUSED_NONCE). */
    public ManifestRefusal(Reason reason, String field, String problem, String currentNonce) {
        super(field + ": " + problem, null, false, false);
        this.reason = reason;
        this.field = field;
        this.currentNonce = currentNonce;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    /** The nonce the vehicle must put in its next manifest, for a REUSED_NONCE refusal of a validly signed manifest; else null. */
    public String currentNonce() {
        return currentNonce;
    }
}
