package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.cli.rollout.StagePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagePlanTest {

    @Test
    void percentagesBecomeBasisPoints() {
        assertThat(StagePlan.parse("1,10,50,100").basisPoints()).containsExactly(100, 1000, 5000, 10000);
        assertThat(StagePlan.parse("100").basisPoints()).containsExactly(10000);
        assertThat(StagePlan.parse(" 0.5%, 5% ,100% ").basisPoints()).containsExactly(50, 500, 10000);
    }

    @Test
    void decreasingStagesAreRefused() {
        assertThatThrownBy(() -> StagePlan.parse("10,5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void aPlanMustEndAtOneHundred() {
        assertThatThrownBy(() -> StagePlan.parse("1,50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last stage must be 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1,,100", "0,100", "abc,100", "1,101", "10,10,100", "0.001,100", "-5,100"})
    void malformedPlansAreRefused(String plan) {
        assertThatThrownBy(() -> StagePlan.parse(plan)).isInstanceOf(IllegalArgumentException.class);
    }
}
