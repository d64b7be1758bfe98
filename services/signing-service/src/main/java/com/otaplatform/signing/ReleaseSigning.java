package com.otaplatform.signing;

import com.otaplatform.signing.client.ReleaseClient;
import jakarta.enterprise.context.ApplicationScoped;

/** SignRelease: reads the release from artifact-service, lists its images in the image repository, marks it signed. */
@ApplicationScoped
public class ReleaseSigning {
    private final ReleaseClient releases;
    private final ImageRepositoryManagement repository;

    ReleaseSigning(ReleaseClient releases, ImageRepositoryManagement repository) {
        this.releases = releases;
        this.repository = repository;
    }

    /** The versions that list the release's images; a release signed before gets the same answer again. */
    public Publication sign(String releaseName) {
        Release release = releases.get("release", releaseName);
        Publication publication = repository.signRelease(release);
        if (!release.signed()) {
            releases.markSigned(release.name(), publication.targetsVersion());
        }
        return publication;
    }
}
