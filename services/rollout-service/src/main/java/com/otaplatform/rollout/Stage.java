package com.otaplatform.rollout;

/**
 * One stage: the share of the selected fleet it reaches, at most {@code maxVehicles} of them (0:
 * no cap), and its gate (none: it waits for an operator).
 */
public record Stage(int percentageBp, long maxVehicles, Gate gate) {
}
