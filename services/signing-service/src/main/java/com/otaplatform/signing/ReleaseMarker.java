package com.otaplatform.signing;

import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.signing.client.ReleaseClient;
import com.otaplatform.signing.repository.SignedReleaseRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Tells artifact-service which releases are signed (MarkReleaseSigned): right after a publication, and again on every
 * housekeeping round for each signed release it has not confirmed, so that a crash or an unreachable artifact-service
 * between publication and marking only delays it.
 */
@ApplicationScoped
public class ReleaseMarker {
    private static final Logger LOG = Logger.getLogger(ReleaseMarker.class);
    private static final int BATCH = 100;

    private final Database db;
    private final SignedReleaseRepository signedReleases;
    private final ReleaseClient releases;

    ReleaseMarker(AgroalDataSource dataSource, SignedReleaseRepository signedReleases, ReleaseClient releases) {
        this.db = new Database(dataSource);
        this.signedReleases = signedReleases;
        this.releases = releases;
    }

    /** Marks {@code release} signed by targets {@code targetsVersion}; UNAVAILABLE when artifact-service refuses or is down. */
    public void mark(String release, long targetsVersion) {
        releases.markSigned(release, targetsVersion);
        recordMarked(release);
    }

    /** Records that artifact-service already shows {@code release} signed. */
    public void recordMarked(String release) {
        db.inTransaction(c -> {
            signedReleases.markedInArtifactService(c, release, RepositoryPublisher.now());
            return null;
        });
    }

    /** Marks every signed release artifact-service has not confirmed; a failure is logged and retried next round. Returns how many. */
    public int markUnmarked() {
        int marked = 0;
        for (SignedReleaseRepository.Unmarked unmarked : db.inTransaction(c -> signedReleases.unmarked(c, BATCH))) {
            try {
                mark(unmarked.release(), unmarked.targetsVersion());
                marked++;
            } catch (ApiException e) {
                LOG.warnf("%s is signed (targets v%d) but not marked signed in artifact-service yet: %s; retrying next round",
                        unmarked.release(), unmarked.targetsVersion(), e.getStatus().getDescription());
            }
        }
        return marked;
    }
}
