package com.otaplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    @Test
    void shouldSelectEveryVehicleWhenEmpty() {
        assertThat(Selector.parse("selector", "  ").matches(Map.of(), Map.of())).isTrue();
    }

    @Test
    void shouldMatchConjunctionsOfComparisons() {
        Selector selector = Selector.parse("selector", "model = 'SU7' and region != 'EU'");
        assertThat(selector.matches(Map.of("model", "SU7", "region", "CN"), Map.of())).isTrue();
        assertThat(selector.matches(Map.of("model", "SU7", "region", "EU"), Map.of())).isFalse();
        assertThat(selector.matches(Map.of("model", "SU9", "region", "CN"), Map.of())).isFalse();
        assertThat(selector.matches(Map.of("region", "CN"), Map.of())).isFalse();
    }

    @Test
    void shouldMatchInstalledVersionsOfNamedEcus() {
        Selector selector = Selector.parse("selector", "model = 'SU7' and ecu.adas-main.version = '2.4.1' and ecu.tcu.version != '1.0.0'");
        assertThat(selector.matches(Map.of("model", "SU7"), Map.of("adas-main", "2.4.1", "tcu", "1.1.0"))).isTrue();
        assertThat(selector.matches(Map.of("model", "SU7"), Map.of("adas-main", "2.4.0", "tcu", "1.1.0"))).isFalse();
        assertThat(selector.matches(Map.of("model", "SU7"), Map.of("adas-main", "2.4.1", "tcu", "1.0.0"))).isFalse();
        assertThat(selector.matches(Map.of("model", "SU7", "ecu.adas-main.version", "2.4.1"), Map.of())).as("never read from attributes").isFalse();
    }

    @Test
    void shouldAddTermsToASelectorAndParseTheWhole() {
        String term = Selector.ecuVersionTerm("adas-main", "2.4.1");
        assertThat(Selector.parse("selector", "").and("selector", term).source()).isEqualTo("ecu.adas-main.version = '2.4.1'");
        Selector both = Selector.parse("selector", "region = 'CN'").and("selector", term);
        assertThat(both.source()).isEqualTo("region = 'CN' and ecu.adas-main.version = '2.4.1'");
        assertThat(both.matches(Map.of("region", "CN"), Map.of("adas-main", "2.4.1"))).isTrue();
        assertThat(both.matches(Map.of("region", "EU"), Map.of("adas-main", "2.4.1"))).isFalse();
    }

    @Test
    void shouldNameFieldAndPositionOnBadSyntax() {
        assertThatThrownBy(() -> Selector.parse("selector", "model = 'SU7' and ecu.adas-main = '2.4.1'"))
                .hasMessage("INVALID_ARGUMENT: selector: expected ecu.<ecu>.version at position 19 of 'model = 'SU7' and ecu.adas-main = '2.4.1''");
        assertThatThrownBy(() -> Selector.parse("selector", "ecu..version = '1'")).hasMessageContaining("expected ecu.<ecu>.version at position 1");
        assertThatThrownBy(() -> Selector.parse("selector", "model = SU7"))
                .hasMessage("INVALID_ARGUMENT: selector: expected a value in single quotes at position 9 of 'model = SU7'");
        assertThatThrownBy(() -> Selector.parse("selector", "model = 'SU7' or region = 'CN'"))
                .hasMessageContaining("selector: expected 'and' or the end at position 15");
        assertThatThrownBy(() -> Selector.parse("selector", "model 'SU7'")).hasMessageContaining("expected '=' or '!='");
        assertThatThrownBy(() -> Selector.parse("selector", "model = 'SU7")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Selector.parse("selector", "= 'x'")).hasMessageContaining("expected an attribute name at position 1");
    }
}
