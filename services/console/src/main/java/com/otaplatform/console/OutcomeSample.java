package com.otaplatform.console;

import java.time.Instant;

/** A rollout's vehicle counts at one moment, for the outcome chart. */
public record OutcomeSample(Instant time, long reached, long succeeded, long failed, long inProgress) {
}
