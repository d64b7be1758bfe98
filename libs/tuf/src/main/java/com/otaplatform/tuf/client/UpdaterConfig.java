package com.otaplatform.tuf.client;

import java.time.Duration;

/**
 * Size caps and slow-retrieval guard for a TUF client.
 *
 * @param rootMaxLength      cap on each root download
 * @param timestampMaxLength cap on timestamp.json
 * @param snapshotMaxLength  cap on snapshot when the timestamp does not give its length
 * @param targetsMaxLength   cap on targets when the snapshot does not give its length
 * @param maxRootRotations   how many root versions one refresh may walk
 * @param connectTimeout     TCP connect timeout
 * @param headerTimeout      time allowed until the response headers arrive
 * @param stallTimeout       longest time without receiving a single byte of the body
 * @param minBytesPerSecond  minimum average speed, enforced once {@code speedGracePeriod} has passed (0 = off)
 * @param speedGracePeriod   time before the average-speed rule starts to apply
 */
public record UpdaterConfig(long rootMaxLength, long timestampMaxLength, long snapshotMaxLength,
                            long targetsMaxLength, int maxRootRotations, Duration connectTimeout,
                            Duration headerTimeout, Duration stallTimeout, long minBytesPerSecond,
                            Duration speedGracePeriod) {
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;

    public static UpdaterConfig defaults() {
        return new UpdaterConfig(512 * KIB, 16 * KIB, 5 * MIB, 5 * MIB, 32, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 1024, Duration.ofSeconds(10));
    }

    public UpdaterConfig withSlowRetrievalGuard(Duration stall, long minBytesPerSecond, Duration grace) {
        return new UpdaterConfig(rootMaxLength, timestampMaxLength, snapshotMaxLength, targetsMaxLength,
                maxRootRotations, connectTimeout, stall, stall, minBytesPerSecond, grace);
    }

    public UpdaterConfig withMetadataCaps(long root, long timestamp, long snapshot, long targets) {
        return new UpdaterConfig(root, timestamp, snapshot, targets, maxRootRotations, connectTimeout,
                headerTimeout, stallTimeout, minBytesPerSecond, speedGracePeriod);
    }
}
