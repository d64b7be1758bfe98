package com.otaplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    @Test
    void shouldSelectEveryVehicleWhenEmpty() {
        assertThat(Selector.parse("selector", "  ").matches(Map.of())).isTrue();
    }

    @Test
    void shouldMatchConjunctionsOfComparisons() {
        Selector selector = Selector.parse("selector", "model = 'SU7' and region != 'EU'");
        assertThat(selector.matches(Map.of("model", "SU7", "region", "CN"))).isTrue();
        assertThat(selector.matches(Map.of("model", "SU7", "region", "EU"))).isFalse();
        assertThat(selector.matches(Map.of("model", "SU9", "region", "CN"))).isFalse();
        assertThat(selector.matches(Map.of("region", "CN"))).isFalse();
    }

    @Test
    void shouldNameFieldAndPositionOnBadSyntax() {
        assertThatThrownBy(() -> Selector.parse("selector", "model = SU7"))
                .hasMessage("INVALID_ARGUMENT: selector: expected a value in single quotes at position 9 of 'model = SU7'");
        assertThatThrownBy(() -> Selector.parse("selector", "model = 'SU7' or region = 'CN'"))
                .hasMessageContaining("selector: expected 'and' or the end at position 15");
        assertThatThrownBy(() -> Selector.parse("selector", "model 'SU7'")).hasMessageContaining("expected '=' or '!='");
        assertThatThrownBy(() -> Selector.parse("selector", "model = 'SU7")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Selector.parse("selector", "= 'x'")).hasMessageContaining("expected an attribute name at position 1");
    }
}
