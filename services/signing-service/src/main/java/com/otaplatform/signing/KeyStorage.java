package com.otaplatform.signing;

/** Where a private key lives. */
public enum KeyStorage {
    /** Encrypted at rest in the database with the service's passphrase. */
    ENCRYPTED,
    /** In a PKCS#11 HSM. */
    HSM,
    /** Offline: the server holds only the public key. */
    OFFLINE
}
