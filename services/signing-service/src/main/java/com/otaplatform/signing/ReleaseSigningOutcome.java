package com.otaplatform.signing;

/**
 * What SignRelease achieved: the publication that lists the release's images, or the staged targets version they wait
 * in for offline signatures.
 */
public record ReleaseSigningOutcome(Publication publication, SigningProgress awaiting) {

    public static ReleaseSigningOutcome published(Publication publication) {
        return new ReleaseSigningOutcome(publication, null);
    }

    public static ReleaseSigningOutcome awaiting(SigningProgress progress) {
        return new ReleaseSigningOutcome(null, progress);
    }

    public boolean awaitingSignatures() {
        return awaiting != null;
    }
}
