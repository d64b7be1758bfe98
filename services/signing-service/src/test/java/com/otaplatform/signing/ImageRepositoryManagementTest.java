package com.otaplatform.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.tuf.crypto.ThresholdVerifier;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.TimestampMetadata;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bootstrapping and release signing against the real PostgreSQL. */
@QuarkusTest
class ImageRepositoryManagementTest {
    static final String DEFAULT_SHA256 = "a".repeat(64);
    static final String DEFAULT_SHA512 = "b".repeat(128);

    @Inject
    ImageRepositoryManagement repository;

    static Release createDefaultRelease(String sha256, String sha512, long length) {
        String id = UUID.randomUUID().toString();
        return new Release("releases/" + id, "adas-" + id.substring(0, 8), false, List.of(
                new ReleaseImage("adas-main", "artifacts/" + UUID.randomUUID(), "adas.bin", List.of("adas-v3"), 7, length, sha256, sha512)));
    }

    @Test
    void shouldBootstrapOnceWithVerifyingVersionOneOfEveryRole() {
        assertThat(repository.bootstrap()).isFalse();
        RoleMetadata rootFile = repository.metadata(RoleName.ROOT, 1).orElseThrow();
        SignedMetadata signedRoot = SignedMetadata.parse(rootFile.bytes());
        RootMetadata root = RootMetadata.from(signedRoot);
        assertThat(root.consistentSnapshot()).isTrue();
        ThresholdVerifier.verify("root", signedRoot, root.role(RoleName.ROOT), root.keys());
        for (String role : List.of(RoleName.TARGETS, RoleName.SNAPSHOT, RoleName.TIMESTAMP)) {
            SignedMetadata md = SignedMetadata.parse(repository.metadata(role, 1).orElseThrow().bytes());
            ThresholdVerifier.verify(role, md, root.role(role), root.keys());
            assertThat(root.role(role).keyIds()).doesNotContainAnyElementsOf(root.role(RoleName.ROOT).keyIds());
        }
    }

    @Test
    void shouldListReleaseImagesAndPublishTargetsSnapshotTimestampTogether() {
        Release release = createDefaultRelease(DEFAULT_SHA256, DEFAULT_SHA512, 1234);
        long targetsBefore = repository.current(RoleName.TARGETS).version();

        Publication publication = repository.signRelease(release).publication();

        assertThat(publication.targetsVersion()).isEqualTo(targetsBefore + 1);
        TargetsMetadata targets = TargetsMetadata.from(SignedMetadata.parse(repository.current(RoleName.TARGETS).bytes()));
        TargetFile image = targets.target(release.displayName() + "/adas-main/adas.bin").orElseThrow();
        assertThat(image.length()).isEqualTo(1234);
        assertThat(image.hashes()).containsEntry("sha256", DEFAULT_SHA256).containsEntry("sha512", DEFAULT_SHA512);
        assertThat(image.hardwareIds()).containsExactly("adas-v3");
        assertThat(image.releaseCounter()).hasValue(7);
        assertThat(image.custom().get("ecu").textValue()).isEqualTo("adas-main");
        SnapshotMetadata snapshot = SnapshotMetadata.from(SignedMetadata.parse(repository.current(RoleName.SNAPSHOT).bytes()));
        assertThat(snapshot.version()).isEqualTo(publication.snapshotVersion());
        assertThat(snapshot.meta().get("targets.json").version()).isEqualTo(publication.targetsVersion());
        TimestampMetadata timestamp = TimestampMetadata.from(SignedMetadata.parse(repository.current(RoleName.TIMESTAMP).bytes()));
        assertThat(timestamp.version()).isEqualTo(publication.timestampVersion());
        assertThat(timestamp.snapshot().version()).isEqualTo(publication.snapshotVersion());
    }

    @Test
    void shouldAnswerTheSameVersionsWhenReleaseIsSignedAgain() {
        Release release = createDefaultRelease("c".repeat(64), "d".repeat(128), 10);
        Publication first = repository.signRelease(release).publication();

        Publication again = repository.signRelease(release).publication();

        assertThat(again).isEqualTo(first);
        assertThat(repository.current(RoleName.TARGETS).version()).isEqualTo(first.targetsVersion());
        assertThat(repository.current(RoleName.TIMESTAMP).version()).isEqualTo(first.timestampVersion());
    }
}
