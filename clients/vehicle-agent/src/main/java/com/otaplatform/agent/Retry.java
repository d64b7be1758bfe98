package com.otaplatform.agent;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;

/** Which server answers are worth another try, and a call that tries again after them with backoff. */
public final class Retry {
  private Retry() {
  }

  /**
   * Whether a call that failed with {@code code} is worth another try soon. It is when the call broke or the server is
   * down, overloaded or slow: UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, and UNKNOWN, INTERNAL, ABORTED and
   * CANCELLED, which a call whose server died mid-answer can end with (grpc-java reports a TLS connection that closes
   * under a call as UNKNOWN "channel closed", grpc/grpc-java#10120). The work may have been done (a check-in
   * committed, its answer lost), so only a call that may be done twice is tried again. Any other code is the
   * server's refusal of this request (INVALID_ARGUMENT, PERMISSION_DENIED, FAILED_PRECONDITION, ...) and would come
   * again.
   */
  public static boolean retryable(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, UNKNOWN, INTERNAL, ABORTED, CANCELLED -> true;
      default -> false;
    };
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
