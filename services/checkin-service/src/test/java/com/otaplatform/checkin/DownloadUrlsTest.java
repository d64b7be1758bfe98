package com.otaplatform.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DownloadUrlsTest {
    private static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private static final Instant START = Instant.parse("2026-12-01T12:00:00.400Z");
    private static final String BLOB = "a".repeat(64);
    private static final String OTHER_BLOB = "b".repeat(64);

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final HandClock clock = new HandClock();
    private final List<String> signed = new ArrayList<>();
    private final DownloadUrls urls = new DownloadUrls((object, seconds) -> {
        signed.add(object);
        return "http://s3/" + object + "?signed=" + clock.instant() + "&expires=" + seconds;
    }, DEFAULT_TTL, clock);

    @Test
    void shouldHandOutTheSameUrlWhileMoreThanHalfItsValidityRemains() {
        DownloadUrls.Url first = urls.forBlob(BLOB);
        clock.now = START.plus(Duration.ofMinutes(29));

        DownloadUrls.Url later = urls.forBlob(BLOB);

        assertThat(later).isEqualTo(first);
        assertThat(signed).containsExactly("blobs/sha256/" + BLOB);
        assertThat(Duration.between(clock.now, later.expiresAt())).isGreaterThan(DEFAULT_TTL.dividedBy(2));
    }

    @Test
    void shouldSignAFreshUrlOnceHalfItsValidityHasPassed() {
        DownloadUrls.Url first = urls.forBlob(BLOB);
        clock.now = START.plus(Duration.ofMinutes(30));

        DownloadUrls.Url fresh = urls.forBlob(BLOB);

        assertThat(fresh.url()).isNotEqualTo(first.url());
        assertThat(fresh.expiresAt()).isEqualTo(Instant.parse("2026-12-01T13:30:00Z"));
        assertThat(signed).hasSize(2);
    }

    @Test
    void shouldSignEachBlobOnItsOwn() {
        DownloadUrls.Url one = urls.forBlob(BLOB);
        DownloadUrls.Url other = urls.forBlob(OTHER_BLOB);

        assertThat(other.url()).isNotEqualTo(one.url()).contains(OTHER_BLOB);
        assertThat(signed).containsExactly("blobs/sha256/" + BLOB, "blobs/sha256/" + OTHER_BLOB);
    }

    @Test
    void shouldStateAnExpiryNoLaterThanTheMinioUrlsOwn() {
        MinioClient s3 = MinioClient.builder().endpoint("http://127.0.0.1:1").region("us-east-1").credentials("access", "secret-key-123")
                .build();
        DownloadUrls real = new DownloadUrls((object, seconds) -> s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Http.Method.GET).bucket("ota").object(object).expiry(seconds).build()), DEFAULT_TTL, Clock.systemUTC());

        DownloadUrls.Url url = real.forBlob(BLOB);

        Map<String, String> query = Arrays.stream(URI.create(url.url()).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        Instant signedAt = ZonedDateTime.parse(query.get("X-Amz-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX")).toInstant();
        Instant urlExpiry = signedAt.plusSeconds(Long.parseLong(query.get("X-Amz-Expires")));
        assertThat(url.expiresAt()).isBeforeOrEqualTo(urlExpiry).isAfter(urlExpiry.minusSeconds(2));
        assertThat(real.forBlob(BLOB)).isEqualTo(url);
    }
}
