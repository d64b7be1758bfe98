package com.otaplatform.signing;

import com.otaplatform.signing.config.SigningConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** At start: checks the configuration, bootstraps the image repository and the vehicle CA if they are new, and opens their keys. */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class);

    void onStart(@Observes StartupEvent event, ImageRepositoryManagement repository, SigningConfig config, VehicleCa vehicleCa) {
        var thresholds = config.thresholds();
        if (Math.min(Math.min(thresholds.root(), thresholds.targets()), Math.min(thresholds.snapshot(), thresholds.timestamp())) < 1) {
            throw new IllegalStateException("ota.signing.thresholds.*: every threshold must be at least 1");
        }
        if (config.resign().margin().compareTo(config.expiry().timestamp()) >= 0) {
            throw new IllegalStateException("ota.signing.resign.margin must be shorter than ota.signing.expiry.timestamp,"
                    + " or the timestamp would be re-signed on every round");
        }
        KeyScheme.fromConfig(config.keyScheme());
        repository.bootstrap();
        LOG.infof("opened %d online key(s) of the image repository", repository.openOnlineKeys());
        vehicleCa.bootstrap();
    }
}
