package com.otaplatform.agent;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits a random time in
 * {@code [d/2, d]} with {@code d = min(max, base * 2^(n-1))}, so a fleet that lost the server
 * does not come back in lock-step.
 */
public final class Backoff {
  private final Duration base;
  private final Duration max;
  private final Random random;
  private int failures;

  public Backoff(Duration base, Duration max, Random random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  public synchronized Duration next() {
    failures = Math.min(failures + 1, 30);
    long ceiling = Math.min(max.toMillis(), base.toMillis() * (1L << (failures - 1)));
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half + 1)));
  }

  public synchronized void reset() {
    failures = 0;
  }

  public synchronized int failures() {
    return failures;
  }
}
