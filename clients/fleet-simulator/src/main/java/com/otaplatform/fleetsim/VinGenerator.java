package com.otaplatform.fleetsim;

import java.util.Random;

/**
 * Deterministic, unique 17-character VINs: {@code XSM} (a made-up WMI), five descriptor characters
 * and a model-year and plant character derived from the seed, a valid ISO 3779 / FMVSS 115 check
 * digit in position 9, and the vehicle index as the 6-digit serial. The same seed and index always
 * give the same VIN (so a rerun reuses the vehicle's state dir); indexes 0..999,999 are unique.
 */
public final class VinGenerator {
  public static final int MAX_VEHICLES = 1_000_000;
  private static final String ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  private static final String YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789";
  private static final int[] WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

  private final String descriptor;
  private final char year;
  private final char plant;

  public VinGenerator(long seed) {
    Random r = new Random(seed);
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      d.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    descriptor = d.toString();
    year = YEAR_CODES.charAt(r.nextInt(YEAR_CODES.length()));
    plant = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
  }

  public String vin(int index) {
    if (index < 0 || index >= MAX_VEHICLES) {
      throw new IllegalArgumentException("index must be in [0, " + MAX_VEHICLES + ")");
    }
    char[] vin = ("XSM" + descriptor + "0" + year + plant + String.format("%06d", index)).toCharArray();
    vin[8] = checkDigit(vin);
    return new String(vin);
  }

  static char checkDigit(char[] vin) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += value(vin[i]) * WEIGHTS[i];
    }
    int check = sum % 11;
    return check == 10 ? 'X' : (char) ('0' + check);
  }

  private static int value(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    switch (c) {
      case 'A': case 'J': return 1;
      case 'B': case 'K': case 'S': return 2;
      case 'C': case 'L': case 'T': return 3;
      case 'D': case 'M': case 'U': return 4;
      case 'E': case 'N': case 'V': return 5;
      case 'F': case 'W': return 6;
      case 'G': case 'P': case 'X': return 7;
      case 'H': case 'Y': return 8;
      case 'R': case 'Z': return 9;
      default: throw new IllegalArgumentException("not a VIN character: " + c);
    }
  }
}
