package com.otaplatform.signing;

import com.otaplatform.signing.client.ReleaseClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SignRelease: reads the release from artifact-service, lists its images in the image repository (or stages them for
 * offline signatures), marks it signed once published.
 */
@ApplicationScoped
public class ReleaseSigning {
    private final ReleaseClient releases;
    private final ImageRepositoryManagement repository;
    private final ReleaseMarker marker;

    ReleaseSigning(ReleaseClient releases, ImageRepositoryManagement repository, ReleaseMarker marker) {
        this.releases = releases;
        this.repository = repository;
        this.marker = marker;
    }

    /** The versions that list the release's images, or the staged version they wait in; asking again gets the same answer. */
    public ReleaseSigningOutcome sign(String releaseName) {
        Release release = releases.get("release", releaseName);
        ReleaseSigningOutcome outcome = repository.signRelease(release);
        if (outcome.awaitingSignatures()) {
            return outcome;
        }
        if (release.signed()) {
            marker.recordMarked(release.name());
        } else {
            marker.mark(release.name(), outcome.publication().targetsVersion());
        }
        return outcome;
    }
}
