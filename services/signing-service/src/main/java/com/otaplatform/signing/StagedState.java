package com.otaplatform.signing;

/** Where staged metadata stands. */
public enum StagedState {
    /** Collecting signatures. */
    OPEN,
    /** Published with its signatures. */
    PUBLISHED,
    /** Replaced by a later staging of targets that lists everything it did. */
    SUPERSEDED,
    /** Another version of the role was published meanwhile. */
    OVERTAKEN
}
