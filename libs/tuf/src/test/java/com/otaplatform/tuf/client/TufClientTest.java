package com.otaplatform.tuf.client;

import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.UptaneCustom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Happy path and root rotation. */
class TufClientTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void happyPathRefreshAndDownload() throws Exception {
        byte[] image = "ecu firmware 1.2.3".getBytes(StandardCharsets.UTF_8);
        TargetFile t = f.repo.addTarget("firmware/brake-1.2.3.bin", image, UptaneCustom.image(List.of("brake-hw"), 5));
        f.repo.publish();

        TufUpdater u = f.updater();
        TrustedMetadata tm = u.refresh();
        assertThat(tm.timestamp().version()).isEqualTo(2);
        assertThat(tm.targets().version()).isEqualTo(2);
        TargetFile info = u.targetInfo("firmware/brake-1.2.3.bin");
        assertThat(info.hardwareIds()).containsExactly("brake-hw");
        assertThat(info.releaseCounter()).hasValue(5);
        assertThat(info.hashes()).containsKeys("sha256", "sha512");

        Path p = u.download(info, f.targetsUrl(), f.targetDir);
        assertThat(Files.readAllBytes(p)).isEqualTo(image);
        assertThat(p.getParent()).isEqualTo(f.targetDir.toAbsolutePath().normalize());
        assertThat(f.server.requests).contains("/repo/targets/firmware/" + t.hashes().get("sha256") + ".brake-1.2.3.bin",
                "/repo/metadata/2.snapshot.json", "/repo/metadata/2.targets.json");
        assertThat(f.cachedVersion("timestamp")).isEqualTo(2);
        assertThat(f.cachedVersion("snapshot")).isEqualTo(2);
        assertThat(f.cachedVersion("targets")).isEqualTo(2);

        // second refresh with nothing new: no snapshot/targets download, cached download reused
        f.server.requests.clear();
        u.refresh();
        u.download(info, f.targetsUrl(), f.targetDir);
        assertThat(f.server.requests).containsExactly("/repo/metadata/2.root.json", "/repo/metadata/timestamp.json");
    }

    @Test
    void rootRotationFromOneOfOneToTwoOfThreeVerifiesOnOldClient() {
        f.updater().refresh();
        LocalSigner r1 = KeyPairs.ed25519();
        LocalSigner r2 = KeyPairs.ecdsaP256();
        LocalSigner r3 = KeyPairs.ed25519();
        f.repo.removeKey(RoleName.ROOT, f.rootKey).addKey(RoleName.ROOT, r1).addKey(RoleName.ROOT, r2)
                .addKey(RoleName.ROOT, r3).threshold(RoleName.ROOT, 2);
        f.repo.publish(); // v2 signed by old key (threshold 1 of v1) and all three new keys
        // v3 signed by only two of the three new keys
        f.repo.signers(RoleName.ROOT, List.of(r1, r3)).expires(RoleName.ROOT, f.repo.root().expires().plusSeconds(60));
        f.repo.publish();

        TrustedMetadata tm = f.updater().refresh();
        assertThat(tm.root().version()).isEqualTo(3);
        assertThat(tm.root().role(RoleName.ROOT).threshold()).isEqualTo(2);
        assertThat(f.cachedVersion("root")).isEqualTo(3);
    }

    @Test
    void nonConsistentSnapshotRepositoryAlsoWorks() throws Exception {
        f.repo.consistentSnapshot(false);
        f.repo.addTarget("plain.bin", new byte[]{1, 2, 3}, null);
        f.repo.publish();
        TufUpdater u = f.updater();
        u.refresh();
        Path p = u.download(u.targetInfo("plain.bin"), f.targetsUrl(), f.targetDir);
        assertThat(Files.readAllBytes(p)).containsExactly(1, 2, 3);
        assertThat(f.server.requests).contains("/repo/metadata/snapshot.json", "/repo/targets/plain.bin");
    }
}
