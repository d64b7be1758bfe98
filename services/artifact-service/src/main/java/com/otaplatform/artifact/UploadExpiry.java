package com.otaplatform.artifact;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Cancels open uploads past their expiry and deletes their stored parts, on every replica (rows are locked, skipped by others). */
@ApplicationScoped
public class UploadExpiry {
    private static final Logger LOG = Logger.getLogger(UploadExpiry.class);

    private final ArtifactManagement artifacts;

    UploadExpiry(ArtifactManagement artifacts) {
        this.artifacts = artifacts;
    }

    @Scheduled(every = "${ota.artifact.cleanup-interval}", delayed = "${ota.artifact.cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        int expired = artifacts.expireUploads(Instant.now());
        if (expired > 0) {
            LOG.infof("cancelled %d expired uploads and deleted their parts", expired);
        }
    }
}
