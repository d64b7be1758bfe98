package com.otaplatform.rollout;

/** Who or what caused a rollout transition. */
public enum ActorKind {
    USER, GATE, SYSTEM
}
