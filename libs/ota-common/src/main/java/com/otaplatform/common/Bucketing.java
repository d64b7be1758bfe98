package com.otaplatform.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * Deterministic rollout membership: a vehicle's bucket in a rollout is a uniform hash of both, so
 * starting a rollout writes nothing per vehicle and a vehicle's stage never changes under it.
 */
public final class Bucketing {
    /** Buckets are basis points: 0..9999. */
    public static final int BUCKETS = 10_000;

    private Bucketing() {
    }

    /** The vehicle's bucket in the rollout, in basis points (0..9999). */
    public static int bucket(UUID rollout, String vin) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((rollout + ":" + vin).getBytes(StandardCharsets.UTF_8));
            long value = ByteBuffer.wrap(hash, 0, Long.BYTES).getLong() >>> 1;
            return (int) (value % BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Checks stage shares: at least one and at most {@code maxStages}, strictly increasing, the last
     * {@link #BUCKETS} (100%); INVALID_ARGUMENT naming {@code field}, or {@code elementField}
     * formatted with the index for one stage.
     */
    public static List<Integer> requireStages(String field, String elementField, List<Integer> stagePercentagesBp, int maxStages) {
        if (stagePercentagesBp.isEmpty()) {
            throw ApiException.invalidField(field, "needs at least one stage; the last one must be 10000 (100%)");
        }
        if (stagePercentagesBp.size() > maxStages) {
            throw ApiException.invalidField(field, "has more than " + maxStages + " stages");
        }
        int previous = 0;
        for (int i = 0; i < stagePercentagesBp.size(); i++) {
            int share = stagePercentagesBp.get(i);
            if (share <= previous || share > BUCKETS) {
                throw ApiException.invalidField(String.format(elementField, i), "must be above the previous stage's ("
                        + previous + ") and at most 10000, got " + share);
            }
            previous = share;
        }
        if (previous != BUCKETS) {
            throw ApiException.invalidField(field, "must end at 10000 (100%), the last stage is " + previous);
        }
        return List.copyOf(stagePercentagesBp);
    }

    /** The index of the first stage whose cumulative percentage covers the bucket, or -1 if none does. */
    public static int stageOf(int bucket, List<Integer> stagePercentagesBp) {
        for (int i = 0; i < stagePercentagesBp.size(); i++) {
            if (bucket < stagePercentagesBp.get(i)) {
                return i;
            }
        }
        return -1;
    }
}
