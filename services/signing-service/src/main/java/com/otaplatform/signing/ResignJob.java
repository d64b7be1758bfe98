package com.otaplatform.signing;

import com.otaplatform.common.Database;
import com.otaplatform.signing.config.SigningConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * This replica's re-signing job: every {@code ota.signing.resign.interval}, one {@link Resigner} round; the lease holder
 * then also deletes stale staged metadata and marks signed releases in artifact-service that it could not mark before.
 */
@ApplicationScoped
public class ResignJob {
    private static final Logger LOG = Logger.getLogger(ResignJob.class);

    private final Resigner resigner;
    private final OfflineSigning offlineSigning;
    private final ReleaseMarker marker;
    private final SigningConfig config;

    ResignJob(AgroalDataSource dataSource, ImageRepositoryManagement repository, OfflineSigning offlineSigning, ReleaseMarker marker,
              SigningConfig config) {
        this.resigner = new Resigner(new Database(dataSource), repository, holderId(), config.resign().lease(),
                config.resign().margin());
        this.offlineSigning = offlineSigning;
        this.marker = marker;
        this.config = config;
    }

    @Scheduled(every = "${ota.signing.resign.interval}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            resigner.runOnce(Instant.now()).ifPresent(p -> LOG.infof("%s re-signed the image repository: snapshot v%d, timestamp v%d",
                    resigner.holder(), p.snapshotVersion(), p.timestampVersion()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "re-signing the image repository failed; retrying next round");
        }
        try {
            if (resigner.renewLease()) {
                housekeeping(Instant.now());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "housekeeping of staged metadata and signed releases failed; retrying next round");
        }
    }

    /** Deletes stale staged metadata and marks in artifact-service the signed releases it does not know yet. */
    void housekeeping(Instant now) {
        int expired = offlineSigning.expireStaged(now, config.staged().maxAge());
        int marked = marker.markUnmarked();
        if (expired > 0 || marked > 0) {
            LOG.infof("%s deleted %d closed or stale staged version(s), marked %d release(s) signed in artifact-service", resigner.holder(),
                    expired, marked);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            resigner.releaseLease();
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not give the re-signing lease up; it lapses by itself");
        }
    }

    private static String holderId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID();
    }
}
