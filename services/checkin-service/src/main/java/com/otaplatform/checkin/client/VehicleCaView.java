package com.otaplatform.checkin.client;

import com.otaplatform.checkin.VehicleTrust;
import com.otaplatform.checkin.config.CheckinConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The vehicle CA and its revocation list, read from signing-service at start and every
 * {@code ota.checkin.vehicle-ca-refresh}, so that authenticating a vehicle never calls another service. Until the
 * first read succeeds it retries every {@code ota.checkin.live-rollouts-retry}; a failed refresh keeps the last list.
 */
@ApplicationScoped
public class VehicleCaView {
    private static final Logger LOG = Logger.getLogger(VehicleCaView.class);

    private final SigningClient signing;
    private final CheckinConfig config;
    private final ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vehicle-ca");
        thread.setDaemon(true);
        return thread;
    });
    private volatile VehicleTrust trust;

    VehicleCaView(SigningClient signing, CheckinConfig config) {
        this.signing = signing;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        refreshes.execute(this::refresh);
    }

    void onStop(@Observes ShutdownEvent event) {
        refreshes.shutdownNow();
    }

    /** The trust last read, empty before the first read. */
    public Optional<VehicleTrust> current() {
        return Optional.ofNullable(trust);
    }

    private void refresh() {
        long delay = config.vehicleCaRefresh().toMillis();
        try {
            var authority = signing.vehicleCa();
            trust = VehicleTrust.of(authority.caChainPem(), authority.crlPem());
            LOG.debugf("vehicle CA refreshed; CRL of %s", trust.crlThisUpdate());
        } catch (Exception e) {
            LOG.warnf("cannot read the vehicle CA from signing-service (%s); %s", e.getMessage(),
                    trust == null ? "vehicles are refused until it succeeds" : "keeping the last revocation list");
            if (trust == null) {
                delay = config.liveRolloutsRetry().toMillis();
            }
        }
        if (!refreshes.isShutdown()) {
            refreshes.schedule(this::refresh, delay, TimeUnit.MILLISECONDS);
        }
    }
}
