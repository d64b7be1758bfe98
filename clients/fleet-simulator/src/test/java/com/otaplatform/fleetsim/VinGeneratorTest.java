package com.otaplatform.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VinGeneratorTest {

  @Test
  void vinsAreValidUniqueAndDeterministic() {
    VinGenerator a = new VinGenerator(42);
    Set<String> vins = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String vin = a.vin(i);
      assertThat(vin).hasSize(17).matches("[A-HJ-NPR-Z0-9]{17}");
      assertThat(vin.charAt(8)).isEqualTo(VinGenerator.checkDigit(vin.toCharArray()));
      vins.add(vin);
    }
    assertThat(vins).hasSize(20_000);
    assertThat(new VinGenerator(42).vin(123)).isEqualTo(a.vin(123));
    assertThat(new VinGenerator(43).vin(123)).isNotEqualTo(a.vin(123));
  }

  @Test
  void checkDigitMatchesTheStandardExample() {
    assertThat(VinGenerator.checkDigit("1M8GDM9AXKP042788".toCharArray())).isEqualTo('X');
    assertThat(VinGenerator.checkDigit("11111111111111111".toCharArray())).isEqualTo('1');
  }
}
