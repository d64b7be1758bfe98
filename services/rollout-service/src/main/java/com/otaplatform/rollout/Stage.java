package com.otaplatform.rollout;

/** One stage: the share of the selected fleet it reaches, and its gate (none: it waits for an operator). */
public record Stage(int percentageBp, Gate gate) {
}
