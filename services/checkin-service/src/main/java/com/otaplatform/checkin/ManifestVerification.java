package com.otaplatform.checkin;

import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.model.Key;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a vehicle manifest against the keys the vehicle registered: the manifest signed by the primary ECU's key,
 * every report by its own ECU's key, every report carrying the nonce check-in issued last.
 */
public final class ManifestVerification {
    private ManifestVerification() {
    }

    /** Refuses {@code manifest} unless the primary ECU signed it and each report's ECU signed its report. */
    public static void verifySignatures(VehicleKeys keys, SignedManifest manifest) {
        if (!manifest.primaryEcuSerial().equals(keys.primaryEcuSerial())) {
            throw new ManifestRefusal(ManifestRefusal.Reason.BAD_MANIFEST_SIGNATURE, "manifest.primary_ecu_serial",
                    "'" + manifest.primaryEcuSerial() + "' is not the primary ECU registered at provisioning (" + keys.primaryEcuSerial() + ")");
        }
        // the primary ECU's key signs the manifest and its own report: its id and decoded key are computed once
        Map<Key, Verifier> verifiers = new HashMap<>();
        String problem = problem(verifiers.computeIfAbsent(keys.ecuKeys().get(keys.primaryEcuSerial()), Verifier::of), manifest.signatures(),
                manifest.manifest());
        if (problem != null) {
            throw new ManifestRefusal(ManifestRefusal.Reason.BAD_MANIFEST_SIGNATURE, "manifest.signatures",
                    problem + " (the key of the primary ECU " + keys.primaryEcuSerial() + ")");
        }
        for (int i = 0; i < manifest.reports().size(); i++) {
            SignedManifest.Report report = manifest.reports().get(i);
            String field = "manifest.ecu_reports[" + i + "]";
            Key key = keys.ecuKeys().get(report.ecu().serial());
            if (key == null) {
                throw new ManifestRefusal(ManifestRefusal.Reason.UNKNOWN_ECU, field + ".ecu_serial",
                        "ECU '" + report.ecu().serial() + "' registered no key at provisioning");
            }
            problem = problem(verifiers.computeIfAbsent(key, Verifier::of), report.signatures(), report.report());
            if (problem != null) {
                throw new ManifestRefusal(ManifestRefusal.Reason.BAD_ECU_SIGNATURE, field + ".signatures",
                        problem + " (the key of ECU " + report.ecu().serial() + ")");
            }
        }
    }

    /** Refuses {@code manifest} unless every report carries {@code issued}, the nonce check-in issued last ("" before the first). */
    public static void requireNonce(SignedManifest manifest, String issued) {
        for (SignedManifest.Report report : manifest.reports()) {
            if (!report.nonce().equals(issued)) {
                throw staleNonce(manifest, issued);
            }
        }
    }

    /**
     * The refusal of a manifest that does not answer {@code issued}, the nonce check-in issued last: it names the first
     * report without it and tells the vehicle {@code issued}, so that a vehicle that lost its nonce can recover.
     */
    public static ManifestRefusal staleNonce(SignedManifest manifest, String issued) {
        int stale = 0;
        while (stale < manifest.reports().size() - 1 && manifest.reports().get(stale).nonce().equals(issued)) {
            stale++;
        }
        return new ManifestRefusal(ManifestRefusal.Reason.REUSED_NONCE, "manifest.ecu_reports[" + stale + "].nonce",
                "is not the nonce issued by the last check-in (a replayed manifest, or a vehicle that lost its nonce:"
                        + " the current one is in this refusal)", issued);
    }

    /** Why {@code signatures} hold no valid signature of {@code data} by the verifier's key, or null when one verifies. */
    private static String problem(Verifier verifier, List<SignedManifest.Signature> signatures, byte[] data) {
        Key key = verifier.key();
        String keyId = verifier.keyId();
        for (SignedManifest.Signature signature : signatures) {
            if (signature.keyId().equals(keyId)) {
                if (!signature.method().equals(key.scheme())) {
                    return "the signature by key " + keyId + " has method '" + signature.method() + "', not '" + key.scheme() + "'";
                }
                return verifier.publicKey() != null && PublicKeys.verify(key, verifier.publicKey(), signature.value(), data) ? null
                        : "the signature by key " + keyId + " does not verify with the registered key";
            }
        }
        return "there is no signature by the registered key " + keyId;
    }

    /** A registered key with its id and its decoded public key, null when the 32 bytes registered are no Ed25519 point. */
    private record Verifier(Key key, String keyId, PublicKey publicKey) {
        static Verifier of(Key key) {
            PublicKey publicKey;
            try {
                publicKey = PublicKeys.toPublicKey(key);
            } catch (IllegalArgumentException e) {
                publicKey = null;
            }
            return new Verifier(key, key.keyId(), publicKey);
        }
    }
}
