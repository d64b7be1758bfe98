package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.Signature;
import com.otaplatform.tuf.model.SignedMetadata;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Checks that metadata is signed by a threshold of a role's keys. Each key counts once: a key id listed twice in
 * the signatures counts once, and two key ids whose key material is identical count once.
 */
public final class ThresholdVerifier {
    private ThresholdVerifier() {
    }

    /** Number of distinct keys of {@code role} with a valid signature. */
    public static int countValid(SignedMetadata md, Role role, Map<String, Key> keys) {
        byte[] data = md.canonicalSigned();
        Set<String> seenIds = new HashSet<>();
        Set<String> seenMaterial = new HashSet<>();
        int valid = 0;
        for (Signature s : md.signatures()) {
            if (!role.keyIds().contains(s.keyId()) || !seenIds.add(s.keyId())) {
                continue;
            }
            Key key = keys.get(s.keyId());
            if (key == null) {
                continue;
            }
            String material;
            byte[] sig;
            try {
                material = PublicKeys.material(key);
                sig = HexFormat.of().parseHex(s.sig());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (seenMaterial.contains(material)) {
                continue;
            }
            if (PublicKeys.verify(key, sig, data)) {
                seenMaterial.add(material);
                valid++;
            }
        }
        return valid;
    }

    public static void verify(String what, SignedMetadata md, Role role, Map<String, Key> keys) {
        if (role.threshold() < 1) {
            throw new TufException(ErrorCode.INVALID_THRESHOLD, what + ": threshold " + role.threshold()
                    + " is not allowed (must be >= 1)");
        }
        if (md.signatures().isEmpty()) {
            throw new TufException(ErrorCode.UNSIGNED_METADATA, what + " carries no signatures");
        }
        int valid = countValid(md, role, keys);
        if (valid < role.threshold()) {
            throw new TufException(ErrorCode.THRESHOLD_NOT_MET, what + ": " + valid + " valid signature(s) from "
                    + "distinct authorised keys, threshold is " + role.threshold());
        }
    }
}
