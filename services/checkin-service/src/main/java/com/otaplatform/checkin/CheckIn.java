package com.otaplatform.checkin;

import java.util.Optional;

/** What a check-in answers: the assignment, if a live rollout reaches the vehicle, and the vehicle's director metadata. */
public record CheckIn(Optional<Assignment> assignment, DirectorMetadata director) {
}
