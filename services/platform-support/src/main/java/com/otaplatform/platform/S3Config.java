package com.otaplatform.platform;

import io.smallrye.config.ConfigMapping;

/** Where the S3-compatible object store is and how to sign requests to it. */
@ConfigMapping(prefix = "ota.s3")
public interface S3Config {
    /** Base URL, for example http://127.0.0.1:8333. */
    String endpoint();

    /** Region used in SigV4 signatures. */
    String region();

    /** Access key id. */
    String accessKey();

    /** Secret access key. */
    String secretKey();

    /** Bucket that holds the platform's blobs. */
    String bucket();
}
