package com.otaplatform.agent;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;

/** Which server answers are worth another try, and a call that tries again after them with backoff. */
public final class Retry {
  private Retry() {
  }

  /** The server is down, overloaded or slow: trying later may succeed. Anything else will fail again. */
  public static boolean retryable(Status.Code code) {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED
        || code == Status.Code.DEADLINE_EXCEEDED;
  }

  /**
   * Calls {@code call} until it succeeds, fails with an answer that is not {@link #retryable}, or has failed
   * {@code attempts} times; waits {@code backoff} between tries.
   */
  public static <T> T call(Supplier<T> call, Backoff backoff, int attempts) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (attempt >= attempts || !retryable(e.getStatus().getCode())) {
          throw e;
        }
        sleep(backoff.next());
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to try again", e);
    }
  }
}
