package com.otaplatform.checkin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Keys, expiry and public addresses of the director repository ({@code ota.director.*}). */
@ConfigMapping(prefix = "ota.director")
public interface DirectorConfig {
    /** Encrypts the director's private keys at rest; from the environment (OTA_DIRECTOR_KEY_PASSPHRASE), no default in prod. */
    String keyPassphrase();

    /** Base URL under which vehicles reach this service's director repository ({@code <url><vin>/}). */
    String publicUrl();

    /** Base URL of signing-service's image repository, handed to vehicles at check-in. */
    String imageRepositoryUrl();

    /** Validity of the director root metadata. */
    @WithDefault("365d")
    Duration rootExpiry();

    /**
     * Validity of a vehicle's targets, snapshot and timestamp; a check-in re-signs them once less than half of it is
     * left, so a vehicle that polls more often than that always gets valid metadata.
     */
    @WithDefault("7d")
    Duration expiry();
}
