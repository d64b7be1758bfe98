package com.otaplatform.tuf;

/** Every way verification can fail. The code is always the first word of the exception message. */
public enum ErrorCode {
    /** Metadata carries no signature at all. */
    UNSIGNED_METADATA,
    /** Fewer distinct authorised keys signed than the role's threshold. */
    THRESHOLD_NOT_MET,
    /** A role declares a threshold of 0 or less (or more than it has keys). */
    INVALID_THRESHOLD,
    /** Malformed JSON or missing / wrongly typed fields, wrong _type, unsupported spec version. */
    INVALID_METADATA,
    /** A version lower than the trusted one. */
    ROLLBACK,
    /** Metadata past its expiry at the (fixed) start time of the refresh. */
    EXPIRED,
    /** A download went over its size cap or the signed length. */
    LENGTH_EXCEEDED,
    /** Downloaded bytes do not match the signed hashes. */
    HASH_MISMATCH,
    /** A download was too slow or stalled. */
    SLOW_RETRIEVAL,
    /** The HTTP request failed (connection error, non-200 status). */
    DOWNLOAD_FAILED,
    /** A new root version is not properly chained to the trusted one. */
    BAD_ROOT_CHAIN,
    /** Metadata versions that never existed together (version differs from the referencing role's meta). */
    MIX_AND_MATCH,
    /** A role or target name that could escape the cache directory. */
    PATH_TRAVERSAL,
    /** The target is not listed in the verified targets metadata. */
    TARGET_NOT_FOUND,
    /** Director assigns an image to an ECU whose hardware id it is not built for. */
    WRONG_HARDWARE,
    /** Director names an ECU serial the vehicle does not have. */
    WRONG_ECU,
    /** More than one target for the same ECU. */
    DUPLICATE_ECU_TARGET,
    /** Image release counter lower than what the ECU has installed. */
    RELEASE_COUNTER_ROLLBACK,
    /** Director and image repository disagree on length or hashes (or release counter). */
    DIRECTOR_MISMATCH,
    /** One image of a bundle failed: nothing of the bundle is installed. */
    PARTIAL_BUNDLE,
    /** An encrypted private key could not be decrypted (wrong passphrase or corrupt file). */
    KEY_DECRYPTION_FAILED,
    /** The client has no trusted root in its metadata directory. */
    NOT_INITIALIZED
}
