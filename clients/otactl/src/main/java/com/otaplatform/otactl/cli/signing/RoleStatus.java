package com.otaplatform.otactl.cli.signing;

import java.time.Duration;
import java.time.Instant;

/**
 * One role of the image repository as {@code otactl signing status} shows it: its current version and expiry, and who
 * signs its next version. signing-service re-signs targets, snapshot and timestamp before they expire when online keys
 * (encrypted or in the HSM, not revoked) meet the role's threshold; root is only ever signed on request.
 *
 * @param role the role, as otactl spells it
 * @param version its current version
 * @param expires when that version expires
 * @param threshold signatures its next version needs
 * @param onlineKeys how many of the keys root lists for it the server holds and may sign with
 */
record RoleStatus(RoleOption role, long version, Instant expires, int threshold, int onlineKeys) {

    /** Whether the server re-signs it before it expires, without anyone's help. */
    boolean resignedByServer() {
        return role != RoleOption.root && onlineKeys >= threshold;
    }

    /** Whether it has expired (vehicles refuse it) or, with no one but people to re-sign it, expires within {@code warn}. */
    boolean needsAttention(Instant now, Duration warn) {
        return !expires.isAfter(now) || !resignedByServer() && expires.isBefore(now.plus(warn));
    }

    /** Who signs the next version, for example "offline key holders (0 of 2 online)". */
    String signedBy() {
        String keys = onlineKeys + " of " + threshold + " online";
        if (resignedByServer()) {
            return "the server, before it expires (" + keys + ")";
        }
        return (onlineKeys >= threshold ? "the server, on request (" : "offline key holders (") + keys + ")";
    }

    /** What to do about it. */
    String action() {
        if (resignedByServer()) {
            return "signing-service re-signs " + role + " online; it has not: check that it runs and its log";
        }
        return switch (role) {
            case root, targets -> "otactl signing prepare --role " + role + " --out " + role + ".json"
                    + (onlineKeys >= threshold ? "" : ", then `otactl signing sign` it with " + (threshold - onlineKeys)
                    + " offline key(s) and `otactl signing submit` the signatures");
            case snapshot, timestamp -> "give " + role + " online keys: otactl signing key create --storage encrypted --role " + role
                    + ", then a new root version (otactl signing prepare --role root)";
        };
    }
}
