package com.otaplatform.signing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Keys, thresholds, expiry and re-signing of the image repository ({@code ota.signing.*}). */
@ConfigMapping(prefix = "ota.signing")
public interface SigningConfig {

    /** Encrypts the private keys at rest; from the environment (OTA_SIGNING_KEY_PASSPHRASE), no default in prod. */
    String keyPassphrase();

    /** Scheme of the keys the service generates: ed25519 or ecdsa-p256. */
    @WithDefault("ed25519")
    String keyScheme();

    /** Signatures required per role; the bootstrap generates this many keys per role. */
    Thresholds thresholds();

    /** How long each role's metadata stays valid after it is signed. */
    Expiry expiry();

    /** Automatic re-signing of snapshot and timestamp (and targets) before they expire. */
    Resign resign();

    /** The vehicle certificate authority. */
    VehicleCa vehicleCa();

    /** Housekeeping of metadata staged for offline signing. */
    Staged staged();

    /** A PKCS#11 HSM for keys created with storage HSM (none when no library is set). */
    Pkcs11 pkcs11();

    /** Where the HSM is: the PKCS#11 module, the slot of its token, the user PIN. */
    interface Pkcs11 {
        /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so; unset: no HSM. */
        Optional<String> library();

        /** Slot id of the token (softhsm2-util --show-slots). */
        Optional<Long> slot();

        /** The token's user PIN; from the environment (OTA_SIGNING_PKCS11_PIN). */
        Optional<String> pin();
    }

    /** Validity and names of the vehicle CA and the certificates it issues. */
    interface VehicleCa {
        /** Distinguished name of the CA certificate. */
        @WithDefault("CN=OTA Vehicle CA,O=OTA Platform")
        String subject();

        /** Validity of the CA certificate, from its creation. */
        @WithDefault("3650d")
        Duration caValidity();

        /** Validity of each vehicle certificate. */
        @WithDefault("365d")
        Duration certificateValidity();

        /** How long each published revocation list is valid (its nextUpdate). */
        @WithDefault("1d")
        Duration crlValidity();
    }

    /** Signatures required per role. */
    interface Thresholds {
        @WithDefault("1")
        int root();

        @WithDefault("1")
        int targets();

        @WithDefault("1")
        int snapshot();

        @WithDefault("1")
        int timestamp();
    }

    /** Validity of each role's metadata. */
    interface Expiry {
        @WithDefault("365d")
        Duration root();

        @WithDefault("90d")
        Duration targets();

        @WithDefault("7d")
        Duration snapshot();

        @WithDefault("1d")
        Duration timestamp();
    }

    /** How long staged metadata may wait for signatures. */
    interface Staged {
        /** An open staged version older than this is deleted by the job under the re-signing lease. */
        @WithDefault("7d")
        Duration maxAge();
    }

    /** When and how the re-signing job runs. */
    interface Resign {
        /** How often each replica checks; "off" disables the job. */
        @WithDefault("30s")
        String interval();

        /** Metadata that expires within this margin is re-signed; must be shorter than the timestamp expiry. */
        @WithDefault("6h")
        Duration margin();

        /** How long the replica that re-signs keeps the lease without renewing it. */
        @WithDefault("60s")
        Duration lease();
    }
}
