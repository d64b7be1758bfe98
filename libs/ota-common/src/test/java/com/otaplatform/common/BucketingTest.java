package com.otaplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BucketingTest {

    @Test
    void shouldBeDeterministicAndSpreadEvenly() {
        UUID rollout = UUID.fromString("0b5d1f8e-3d7a-4c1e-9f43-6a2f0e1c9b77");
        assertThat(Bucketing.bucket(rollout, "LSV0000000000001")).isEqualTo(Bucketing.bucket(rollout, "LSV0000000000001"));
        int[] tenths = new int[10];
        for (int i = 0; i < 100_000; i++) {
            tenths[Bucketing.bucket(rollout, String.format("LSV%014d", i)) / 1000]++;
        }
        // sequential VINs must not cluster: every tenth of the bucket space gets 10% +- 0.6%
        for (int count : tenths) {
            assertThat(count).isBetween(9_400, 10_600);
        }
    }

    @Test
    void shouldPlaceBucketsInTheFirstCoveringStage() {
        List<Integer> stages = List.of(100, 1000, 10_000);
        assertThat(Bucketing.stageOf(0, stages)).isEqualTo(0);
        assertThat(Bucketing.stageOf(99, stages)).isEqualTo(0);
        assertThat(Bucketing.stageOf(100, stages)).isEqualTo(1);
        assertThat(Bucketing.stageOf(9_999, stages)).isEqualTo(2);
        assertThat(Bucketing.stageOf(500, List.of(100, 200))).isEqualTo(-1);
    }
}
