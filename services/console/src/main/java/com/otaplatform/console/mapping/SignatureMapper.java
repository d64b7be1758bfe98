package com.otaplatform.console.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.otaplatform.console.ReleaseSignaturesView;
import com.otaplatform.console.ReleaseView;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.ThresholdVerifier;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.Signature;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads what the image repository signed for a release from its TUF metadata (libs/tuf): the targets metadata that
 * first listed the release, checked against the root's targets role the way a vehicle checks it.
 */
public final class SignatureMapper {
    private SignatureMapper() {
    }

    /**
     * The release's signatures. {@code targetsJson} is the targets metadata of version {@code release.targetsVersion()},
     * {@code rootJson} the root metadata whose targets role judges its signatures. Throws libs/tuf's TufException
     * when either is malformed.
     */
    public static ReleaseSignaturesView toView(ReleaseView release, byte[] targetsJson, byte[] rootJson) {
        SignedMetadata signedTargets = SignedMetadata.parse(targetsJson);
        TargetsMetadata targets = TargetsMetadata.from(signedTargets);
        RootMetadata root = RootMetadata.from(SignedMetadata.parse(rootJson));
        Role role = root.role(RoleName.TARGETS);
        byte[] canonical = signedTargets.canonicalSigned();
        List<ReleaseSignaturesView.SignatureView> signatures = signedTargets.signatures().stream()
                .map(s -> signature(s, role, root, canonical)).toList();
        String prefix = release.displayName() + "/";
        List<ReleaseSignaturesView.SignedTargetView> mine = targets.targets().values().stream()
                .filter(t -> t.name().startsWith(prefix))
                .sorted(Comparator.comparing(TargetFile::name))
                .map(t -> target(t, prefix, release)).toList();
        return new ReleaseSignaturesView(targets.version(), targets.expires(), root.version(), role.threshold(),
                ThresholdVerifier.countValid(signedTargets, role, root.keys()), signatures, mine);
    }

    private static ReleaseSignaturesView.SignatureView signature(Signature signature, Role role, RootMetadata root, byte[] canonical) {
        Key key = root.keys().get(signature.keyId());
        boolean authorized = key != null && role.keyIds().contains(signature.keyId());
        boolean valid = false;
        if (key != null) {
            try {
                valid = PublicKeys.verify(key, HexFormat.of().parseHex(signature.sig()), canonical);
            } catch (IllegalArgumentException notHex) {
                valid = false;
            }
        }
        return new ReleaseSignaturesView.SignatureView(signature.keyId(), key == null ? "unknown key" : key.scheme(), authorized, valid);
    }

    private static ReleaseSignaturesView.SignedTargetView target(TargetFile target, String prefix, ReleaseView release) {
        JsonNode ecuField = target.custom() == null ? null : target.custom().get("ecu");
        String rest = target.name().substring(prefix.length());
        String ecu = ecuField != null && ecuField.isTextual() ? ecuField.textValue() : rest.substring(0, Math.max(0, rest.indexOf('/')));
        String sha256 = target.hashes().getOrDefault("sha256", "");
        boolean matches = release.artifacts().stream()
                .anyMatch(a -> a.ecu().equals(ecu) && a.details() != null && a.details().length() == target.length()
                        && a.details().sha256().equals(sha256));
        var counter = target.releaseCounter();
        return new ReleaseSignaturesView.SignedTargetView(target.name(), ecu, target.length(), sha256,
                target.hashes().getOrDefault("sha512", ""), target.hardwareIds(), counter.isPresent() ? counter.getAsLong() : null, matches);
    }
}
