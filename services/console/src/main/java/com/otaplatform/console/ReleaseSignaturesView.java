package com.otaplatform.console;

import java.time.Instant;
import java.util.List;

/**
 * What the image repository signed for a release: the targets metadata version that first listed it, its signatures
 * checked against the current root's targets role (keys and threshold), and the release's targets as signed.
 */
public record ReleaseSignaturesView(long targetsVersion, Instant targetsExpires, long rootVersion, int threshold, int validSignatures,
                                    List<SignatureView> signatures, List<SignedTargetView> targets) {

    /** One signature of the targets metadata: its key, whether root lets that key sign targets, whether it verifies. */
    public record SignatureView(String keyId, String keyType, boolean authorized, boolean valid) {
    }

    /** One target of the release as signed; {@code matchesArtifact} compares length and SHA-256 with the stored artifact. */
    public record SignedTargetView(String name, String ecu, long length, String sha256, String sha512, List<String> hardwareIds,
                                   Long releaseCounter, boolean matchesArtifact) {
    }
}
