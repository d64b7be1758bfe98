package com.otaplatform.signing;

import com.otaplatform.platform.S3Config;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.Http;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Presigned GET URLs of the blobs behind the image repository's targets ({@code blobs/sha256/<hex>}). */
@ApplicationScoped
public class TargetDownloads {
    private static final int EXPIRY_MINUTES = 15;

    private final MinioClient s3;
    private final S3Config config;

    TargetDownloads(MinioClient s3, S3Config config) {
        this.s3 = s3;
        this.config = config;
    }

    /** Object key of the blob with this sha256. */
    public static String blobKey(String sha256) {
        return "blobs/sha256/" + sha256;
    }

    public String presignedUrl(ImageTarget target) {
        try {
            return s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(config.bucket())
                    .object(blobKey(target.sha256())).expiry(EXPIRY_MINUTES, TimeUnit.MINUTES).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot presign " + blobKey(target.sha256()) + ": " + e.getMessage(), e);
        }
    }
}
