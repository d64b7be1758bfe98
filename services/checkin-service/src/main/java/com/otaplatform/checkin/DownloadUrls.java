package com.otaplatform.checkin;

import com.otaplatform.checkin.config.CheckinConfig;
import com.otaplatform.common.ApiException;
import com.otaplatform.platform.S3Config;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presigned download URLs of image blobs, shared by every vehicle: a presigned GET of one object signed at one time
 * is the same URL for everyone, so it is signed once and handed out while more than half of its validity
 * ({@code ota.checkin.download-url-ttl}) remains, then signed afresh. A vehicle thus always gets at least half the TTL,
 * and {@link Url#expiresAt()} is the URL's own expiry (its signing time to the second plus the TTL; never later).
 */
@ApplicationScoped
public class DownloadUrls {
    private final Presigner presigner;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Url> urls = new ConcurrentHashMap<>();

    @Inject
    DownloadUrls(MinioClient s3, S3Config s3Config, CheckinConfig config) {
        this(minio(s3, s3Config.bucket()), config.downloadUrlTtl(), Clock.systemUTC());
    }

    DownloadUrls(Presigner presigner, Duration ttl, Clock clock) {
        this.presigner = presigner;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A URL that fetches the blob with this sha256, and when it stops working. */
    public record Url(String url, Instant expiresAt) {
    }

    /** Signs a GET of an object for a number of seconds; the MinIO client does it locally, without a call to S3. */
    @FunctionalInterface
    interface Presigner {
        String presign(String object, int expirySeconds) throws Exception;
    }

    /** The URL of {@code blobs/sha256/<sha256>}, signed now or taken from the cache while more than half its TTL remains. */
    public Url forBlob(String sha256) {
        Instant now = clock.instant();
        Url cached = urls.get(sha256);
        if (cached != null && handsOut(cached, now)) {
            return cached;
        }
        Url url = urls.compute(sha256, (key, current) -> current != null && handsOut(current, now) ? current : sign(key, now));
        // a URL was signed: drop those of images no longer handed out, so the cache holds only what live rollouts name
        urls.values().removeIf(u -> !handsOut(u, now));
        return url;
    }

    private boolean handsOut(Url url, Instant now) {
        return now.isBefore(url.expiresAt().minus(ttl.dividedBy(2)));
    }

    private Url sign(String sha256, Instant now) {
        // the signature's date is taken after now and truncated to the second: the URL works at least until this
        Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(ttl);
        try {
            return new Url(presigner.presign("blobs/sha256/" + sha256, (int) ttl.toSeconds()), expiresAt);
        } catch (Exception e) {
            throw ApiException.unavailable("could not presign a download URL: " + e.getMessage(), e);
        }
    }

    private static Presigner minio(MinioClient s3, String bucket) {
        return (object, expirySeconds) -> s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
                .bucket(bucket).object(object).expiry(expirySeconds).build());
    }
}
