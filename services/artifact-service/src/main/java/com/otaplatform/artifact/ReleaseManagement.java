package com.otaplatform.artifact;

import com.otaplatform.artifact.repository.ArtifactRepository;
import com.otaplatform.artifact.repository.ReleaseRepository;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Immutable releases: one artifact per ECU. */
@ApplicationScoped
public class ReleaseManagement {
    private final Database db;
    private final ReleaseRepository releases;
    private final ArtifactRepository artifacts;

    ReleaseManagement(AgroalDataSource dataSource, ReleaseRepository releases, ArtifactRepository artifacts) {
        this.db = new Database(dataSource);
        this.releases = releases;
        this.artifacts = artifacts;
    }

    /** Creates a release from {@code artifactByEcu} (ECU to artifact id, in request order). */
    public Release create(String displayName, List<Map.Entry<String, UUID>> artifactByEcu, String notes, UUID supersedes, String createdBy) {
        if (artifactByEcu.isEmpty()) {
            throw ApiException.invalidField("artifacts", "needs at least one artifact");
        }
        return db.inTransaction(c -> {
            if (releases.displayNameTaken(c, displayName)) {
                throw ApiException.alreadyExists("a release named '" + displayName + "' exists; pick another display_name");
            }
            if (supersedes != null && releases.find(c, supersedes).isEmpty()) {
                throw ApiException.notFound("releases/" + supersedes);
            }
            Set<String> ecus = new HashSet<>();
            List<ReleaseArtifact> items = new ArrayList<>();
            for (int i = 0; i < artifactByEcu.size(); i++) {
                String ecu = artifactByEcu.get(i).getKey();
                UUID artifactId = artifactByEcu.get(i).getValue();
                String field = "artifacts[" + i + "]";
                if (!ecus.add(ecu)) {
                    throw ApiException.invalidField(field + ".ecu", "'" + ecu + "' appears twice; a release has one artifact per ECU");
                }
                Artifact artifact = artifacts.findArtifact(c, artifactId)
                        .orElseThrow(() -> ApiException.invalidField(field + ".artifact", "artifacts/" + artifactId + " does not exist"));
                if (artifact.spec().targets().stream().noneMatch(target -> target.ecu().equals(ecu))) {
                    throw ApiException.invalidField(field + ".ecu", "artifacts/" + artifactId + " does not fit ECU '" + ecu + "'");
                }
                items.add(new ReleaseArtifact(ecu, artifact));
            }
            Release release = new Release(UUID.randomUUID(), displayName, items, notes, ReleaseState.CREATED, supersedes, createdBy, Instant.now(), 0);
            releases.insert(c, release);
            return release;
        });
    }

    /** Moves a release from CREATED to SIGNED once its targets are in the image repository; a signed release stays as it is. */
    public Release markSigned(UUID id, long targetsVersion) {
        return db.inTransaction(c -> {
            Release release = releases.find(c, id, true).orElseThrow(() -> ApiException.notFound("releases/" + id));
            if (release.state() == ReleaseState.SIGNED) {
                return release;
            }
            if (release.state() != ReleaseState.CREATED) {
                throw ApiException.failedPrecondition("releases/" + id + " is " + release.state().name().toLowerCase()
                        + "; only a created release can be signed");
            }
            releases.markSigned(c, id, targetsVersion);
            return releases.find(c, id).orElseThrow();
        });
    }

    /** The release with its artifacts, or NOT_FOUND. */
    public Release get(UUID id) {
        return db.inTransaction(c -> releases.find(c, id)).orElseThrow(() -> ApiException.notFound("releases/" + id));
    }

    /** One page of releases, newest first. */
    public List<Release> list(long offset, int limit) {
        return db.inTransaction(c -> releases.list(c, offset, limit));
    }
}
