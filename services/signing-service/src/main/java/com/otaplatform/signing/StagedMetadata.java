package com.otaplatform.signing;

import com.otaplatform.tuf.model.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A version of root or targets staged for offline signing: the canonical bytes of its {@code signed} part, the keys and
 * threshold that must sign it and, for root, the trusted root's root keys and threshold that must sign it too. For
 * targets also the releases that become signed when it is published, and the later staging that superseded it, if one
 * did.
 */
public record StagedMetadata(UUID id, String role, long version, byte[] signedCanonical, Role required, Role previous,
                             List<String> releases, Instant createdAt, Instant publishedAt, UUID supersededBy) {
    /** What a role without a previous requirement (targets) carries as {@link #previous}. */
    public static final Role NO_PREVIOUS = new Role(List.of(), 0);

    public static final String COLLECTION = "staged";

    public StagedMetadata {
        releases = List.copyOf(releases);
    }

    public String name() {
        return nameOf(id);
    }

    public static String nameOf(UUID id) {
        return COLLECTION + "/" + id;
    }

    public boolean published() {
        return publishedAt != null;
    }

    public boolean superseded() {
        return supersededBy != null;
    }

    /** Every key whose signature counts toward one of the thresholds. */
    public List<String> signerKeyIds() {
        List<String> ids = new ArrayList<>(required.keyIds());
        previous.keyIds().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return ids;
    }
}
