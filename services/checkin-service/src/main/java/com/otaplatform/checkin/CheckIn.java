package com.otaplatform.checkin;

import java.util.Optional;

/**
 * What a check-in answers: the assignment, if a live rollout reaches the vehicle, the director metadata that lists it,
 * and the nonce the vehicle's next manifest must answer.
 */
public record CheckIn(Optional<Assignment> assignment, Optional<DirectorMetadata> director, String nonce) {
}
