package com.otaplatform.otactl.cli.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoleStatusTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration WARN = Duration.ofDays(14);

    @Test
    void shouldLeaveOnlineSignedRolesToTheServerUntilTheyExpire() {
        RoleStatus timestamp = new RoleStatus(RoleOption.timestamp, 40, NOW.plus(Duration.ofHours(3)), 1, 1);

        assertThat(timestamp.resignedByServer()).isTrue();
        assertThat(timestamp.needsAttention(NOW, WARN)).as("the server re-signs it in time").isFalse();
        assertThat(timestamp.signedBy()).isEqualTo("the server, before it expires (1 of 1 online)");
        assertThat(timestamp.needsAttention(NOW.plus(Duration.ofHours(3)), WARN)).as("expired: the server did not").isTrue();
        assertThat(timestamp.action()).contains("check that it runs");
    }

    @Test
    void shouldWarnAboutOfflineTargetsThatExpireWithinTheWindow() {
        RoleStatus targets = new RoleStatus(RoleOption.targets, 5, NOW.plus(Duration.ofDays(10)), 2, 0);

        assertThat(targets.resignedByServer()).isFalse();
        assertThat(targets.needsAttention(NOW, WARN)).isTrue();
        assertThat(targets.needsAttention(NOW, Duration.ofDays(7))).isFalse();
        assertThat(targets.signedBy()).isEqualTo("offline key holders (0 of 2 online)");
        assertThat(targets.action()).isEqualTo("otactl signing prepare --role targets --out targets.json, then `otactl signing sign` it"
                + " with 2 offline key(s) and `otactl signing submit` the signatures");
    }

    @Test
    void shouldNeverCountRootAsResignedByTheServerEvenWithOnlineKeys() {
        RoleStatus root = new RoleStatus(RoleOption.root, 1, NOW.plus(Duration.ofDays(5)), 1, 1);

        assertThat(root.resignedByServer()).isFalse();
        assertThat(root.needsAttention(NOW, WARN)).isTrue();
        assertThat(root.signedBy()).isEqualTo("the server, on request (1 of 1 online)");
        assertThat(root.action()).isEqualTo("otactl signing prepare --role root --out root.json");
    }

    @Test
    void shouldTellHowToGiveSnapshotOnlineKeysWhenItHasNone() {
        RoleStatus snapshot = new RoleStatus(RoleOption.snapshot, 3, NOW.minusSeconds(1), 1, 0);

        assertThat(snapshot.needsAttention(NOW, WARN)).isTrue();
        assertThat(snapshot.action()).startsWith("give snapshot online keys: otactl signing key create --storage encrypted --role snapshot");
    }
}
