package com.otaplatform.agent;

import io.grpc.Status;
import java.time.Duration;

/**
 * What one {@link VehicleAgent#runCycle()} did.
 *
 * @param checkedIn whether CheckIn succeeded
 * @param checkInError the gRPC code when it did not, else {@code OK}
 * @param update what happened to the assignment, if there was one
 * @param correlationId the assignment's correlation id, empty without one
 * @param errorCode the error code reported for a failed or rolled-back update
 * @param eventsDelivered events acknowledged by the server in this cycle
 * @param eventsPending events still queued after this cycle
 * @param nextDelay when to run the next cycle
 */
public record CycleResult(
    boolean checkedIn,
    Status.Code checkInError,
    UpdateOutcome update,
    String correlationId,
    String errorCode,
    int eventsDelivered,
    int eventsPending,
    Duration nextDelay) {

  /** The fate of an assignment within one cycle. */
  public enum UpdateOutcome {
    /** No assignment (or check-in failed). */
    NONE,
    /** Not applied this cycle (install constraints not met, or the repositories unreachable); retried next cycle. */
    DEFERRED,
    /** This correlation id already reached a final state earlier; not applied again. */
    ALREADY_HANDLED,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK;

    /** Whether the assignment is over: a final outcome now, or one reached earlier. */
    public boolean finished() {
      return this == ALREADY_HANDLED || this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
  }
}
