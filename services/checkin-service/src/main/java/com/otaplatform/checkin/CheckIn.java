package com.otaplatform.checkin;

import java.util.Optional;

/** What a check-in answers: the assignment, if a live rollout reaches the vehicle, and the director metadata that lists it. */
public record CheckIn(Optional<Assignment> assignment, Optional<DirectorMetadata> director) {
}
