package com.otaplatform.tuf.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.json.Json;
import com.otaplatform.tuf.model.MetaFile;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static com.otaplatform.tuf.client.Fixture.fails;
import static org.assertj.core.api.Assertions.assertThat;

/** One test (or more) per row of THREATS.md "Attacks on vehicles", over real HTTP. */
class AttacksOnVehiclesTest {
    @TempDir
    Path tmp;
    Fixture f;
    byte[] image = "brake controller image v7".getBytes(StandardCharsets.UTF_8);
    TargetFile target;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
        target = f.repo.addTarget("brake.bin", image, null);
        f.repo.publish(); // everything at v2
        f.updater().refresh();
        assertThat(f.cachedVersion("timestamp")).isEqualTo(2);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Runs the refresh expecting {@code code}, and checks the trusted state on disk did not change. */
    private TufException refreshFails(ErrorCode code) {
        return refreshFails(code, f.updater());
    }

    private TufException refreshFails(ErrorCode code, TufUpdater updater) {
        return refreshFails(code, updater, new String[0]);
    }

    /** As above; {@code legitimatelyUpdated} names roles verified before the attacked one (e.g. "timestamp"). */
    private TufException refreshFails(ErrorCode code, String... legitimatelyUpdated) {
        return refreshFails(code, f.updater(), legitimatelyUpdated);
    }

    private TufException refreshFails(ErrorCode code, TufUpdater updater, String... legitimatelyUpdated) {
        Map<String, String> before = withoutRoles(f.cacheState(), legitimatelyUpdated);
        TufException e = fails(code, updater::refresh);
        assertThat(withoutRoles(f.cacheState(), legitimatelyUpdated))
                .as("trusted metadata on disk must not change").isEqualTo(before);
        return e;
    }

    private static Map<String, String> withoutRoles(Map<String, String> state, String... roles) {
        Map<String, String> out = new java.util.TreeMap<>(state);
        for (String r : roles) {
            out.keySet().removeIf(k -> k.endsWith("/metadata/" + r + ".json"));
        }
        return out;
    }

    private static byte[] withSignatures(byte[] metadata, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ArrayNode> edit) {
        ObjectNode n = (ObjectNode) Json.parse(metadata);
        edit.accept((com.fasterxml.jackson.databind.node.ArrayNode) n.get("signatures"));
        return Json.pretty(n);
    }

    // ---- arbitrary software ------------------------------------------------------------------------------------

    @Test
    void arbitrarySoftware_unsignedMetadata() {
        f.repo.publish();
        f.server.serveBytes(f.md("timestamp.json"), withSignatures(f.repo.metadataBytes("timestamp.json"), a -> a.removeAll()));
        refreshFails(ErrorCode.UNSIGNED_METADATA);
        assertThat(f.cachedVersion("timestamp")).isEqualTo(2);
        // unsigned targets metadata (snapshot hash not given for targets, so only the signature check protects it)
        f.server.clearHooks();
        f.server.serveBytes(f.md("3.targets.json"), withSignatures(f.repo.metadataBytes("3.targets.json"), a -> a.removeAll()));
        refreshFails(ErrorCode.UNSIGNED_METADATA, "timestamp", "snapshot");
        assertThat(f.cachedVersion("targets")).isEqualTo(2);
    }

    @Test
    void arbitrarySoftware_signaturesBelowThreshold() {
        LocalSigner second = KeyPairs.ecdsaP256();
        f.repo.addKey(RoleName.TARGETS, second).threshold(RoleName.TARGETS, 2).publish();
        f.updater().refresh();
        f.repo.signers(RoleName.TARGETS, List.of(f.targetsKey)).publish();
        TufException e = refreshFails(ErrorCode.THRESHOLD_NOT_MET, "timestamp", "snapshot");
        assertThat(e.getMessage()).contains("threshold is 2");
        assertThat(f.cachedVersion("targets")).isEqualTo(3);
    }

    @Test
    void arbitrarySoftware_thresholdZeroRefused() {
        f.repo.threshold(RoleName.TIMESTAMP, 0).publish();
        refreshFails(ErrorCode.INVALID_THRESHOLD);
        assertThat(f.cachedVersion("root")).isEqualTo(1);
    }

    @Test
    void arbitrarySoftware_sameKeyIdTwiceCountsOnce() {
        LocalSigner second = KeyPairs.ed25519();
        f.repo.addKey(RoleName.TIMESTAMP, second).threshold(RoleName.TIMESTAMP, 2).publish();
        f.updater().refresh();
        f.repo.signers(RoleName.TIMESTAMP, List.of(f.timestampKey, f.timestampKey)).publish();
        refreshFails(ErrorCode.THRESHOLD_NOT_MET);
        assertThat(f.cachedVersion("timestamp")).isEqualTo(3);
    }

    @Test
    void arbitrarySoftware_twoKeyIdsForOneKeyCountOnce() {
        // the root (legitimately signed) lists the same snapshot key under two ids; an attacker holding that one
        // key must still not reach threshold 2
        Signer alias = f.snapshotKey.withKeyId("a".repeat(64));
        f.repo.addKey(RoleName.SNAPSHOT, alias).threshold(RoleName.SNAPSHOT, 2).publish();
        fails(ErrorCode.THRESHOLD_NOT_MET, f.updater()::refresh);
        assertThat(f.cachedVersion("root")).as("root itself is fine").isEqualTo(2);
        // the snapshot role changed in root v2, so the cached snapshot was dropped; the forged one was not stored
        assertThat(f.cachedVersion("snapshot")).isZero();
    }

    @Test
    void arbitrarySoftware_imageHashDiffers() {
        byte[] evil = image.clone();
        evil[0] ^= 1;
        f.server.serveBytes(f.tgt(target.hashes().get("sha256") + ".brake.bin"), evil);
        TufUpdater u = f.updater();
        u.refresh();
        fails(ErrorCode.HASH_MISMATCH, () -> u.download(u.targetInfo("brake.bin"), f.targetsUrl(), f.targetDir));
        assertThat(listFiles(f.targetDir)).isEmpty();
    }

    // ---- rollback ---------------------------------------------------------------------------------------------

    @Test
    void rollback_lowerTimestampVersion_evenAfterRestart() {
        byte[] v2 = f.repo.metadataBytes("timestamp.json");
        f.repo.publish();
        f.updater().refresh();
        f.server.serveBytes(f.md("timestamp.json"), v2);
        refreshFails(ErrorCode.ROLLBACK);
        refreshFails(ErrorCode.ROLLBACK, f.updater()); // a new verifier over the same cache
        assertThat(f.cachedVersion("timestamp")).isEqualTo(3);
    }

    @Test
    void rollback_lowerSnapshotVersion() {
        f.repo.nextVersion(RoleName.SNAPSHOT, 1);
        f.repo.publishSnapshot();
        f.repo.publishTimestamp(); // timestamp v3 names snapshot v1
        TufException e = refreshFails(ErrorCode.ROLLBACK);
        assertThat(e.getMessage()).contains("snapshot version 1");
        refreshFails(ErrorCode.ROLLBACK, f.updater());
        assertThat(f.cachedVersion("snapshot")).isEqualTo(2);
    }

    @Test
    void rollback_lowerTargetsVersion() {
        f.repo.nextVersion(RoleName.TARGETS, 1);
        f.repo.publishTargets();
        f.repo.publishSnapshot(); // snapshot v3 lists targets v1
        f.repo.publishTimestamp();
        TufException e = refreshFails(ErrorCode.ROLLBACK, "timestamp");
        assertThat(e.getMessage()).contains("targets.json version 1");
        refreshFails(ErrorCode.ROLLBACK, f.updater(), "timestamp");
        assertThat(f.cachedVersion("targets")).isEqualTo(2);
    }

    // ---- fast-forward -----------------------------------------------------------------------------------------

    @Test
    void fastForward_recoversAfterTimestampKeyRotation() {
        // attacker with the stolen timestamp key pushes a huge version
        f.repo.nextVersion(RoleName.TIMESTAMP, 1_000_000);
        f.repo.publishTimestamp();
        f.updater().refresh();
        assertThat(f.cachedVersion("timestamp")).isEqualTo(1_000_000);
        // the legitimate repository carries on at v3: refused as a rollback, the vehicle is stuck
        f.repo.nextVersion(RoleName.TIMESTAMP, 3);
        f.repo.publishTimestamp();
        refreshFails(ErrorCode.ROLLBACK);
        // the owners rotate the timestamp key away: root v2; the verifier drops the fast-forwarded timestamp
        LocalSigner newTs = KeyPairs.ed25519();
        f.repo.removeKey(RoleName.TIMESTAMP, f.timestampKey).addKey(RoleName.TIMESTAMP, newTs);
        f.repo.nextVersion(RoleName.TIMESTAMP, 4);
        f.repo.publish();
        TrustedMetadata tm = f.updater().refresh();
        assertThat(tm.root().version()).isEqualTo(2);
        assertThat(tm.timestamp().version()).isEqualTo(4);
        assertThat(f.cachedVersion("timestamp")).isEqualTo(4);
    }

    // ---- indefinite freeze ------------------------------------------------------------------------------------

    @Test
    void freeze_expiredMetadata() {
        f.repo.expires(RoleName.TIMESTAMP, Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        f.repo.publishTimestamp();
        refreshFails(ErrorCode.EXPIRED);
        assertThat(f.cachedVersion("timestamp")).isEqualTo(2);
    }

    @Test
    void freeze_clockPastExpiry() {
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        TufException e = refreshFails(ErrorCode.EXPIRED, f.updater(future));
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void freeze_referenceTimeIsTakenOnceAtStart() {
        // metadata expiring in 1 minute; a clock that jumps a day ahead after its first reading must not matter
        Instant soon = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        f.repo.expires(RoleName.TIMESTAMP, soon).expires(RoleName.SNAPSHOT, soon).expires(RoleName.TARGETS, soon);
        f.repo.publish();
        AtomicInteger reads = new AtomicInteger();
        Clock jumping = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return reads.getAndIncrement() == 0 ? Instant.now() : Instant.now().plus(Duration.ofDays(1));
            }
        };
        assertThat(f.updater(jumping).refresh().timestamp().version()).isEqualTo(3);
        assertThat(reads.get()).isEqualTo(1);
    }

    // ---- endless data -----------------------------------------------------------------------------------------

    @Test
    void endlessData_metadataOverItsCap() {
        byte[] big = new byte[20 * 1024];
        Arrays.fill(big, (byte) ' ');
        f.server.serveBytes(f.md("timestamp.json"), big);
        TufException e = refreshFails(ErrorCode.LENGTH_EXCEEDED);
        assertThat(e.getMessage()).contains("16384");
    }

    @Test
    void endlessData_endlessBodyIsCut() {
        f.server.serveEndless(f.md("2.root.json"));
        long start = System.nanoTime();
        refreshFails(ErrorCode.LENGTH_EXCEEDED);
        f.server.clearHooks();
        f.server.serveEndless(f.md("timestamp.json"));
        refreshFails(ErrorCode.LENGTH_EXCEEDED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void endlessData_imageLongerThanSignedLength() {
        byte[] longer = Arrays.copyOf(image, image.length + 1000);
        f.server.serveBytes(f.tgt(target.hashes().get("sha256") + ".brake.bin"), longer);
        TufUpdater u = f.updater();
        u.refresh();
        fails(ErrorCode.LENGTH_EXCEEDED, () -> u.download(u.targetInfo("brake.bin"), f.targetsUrl(), f.targetDir));
        f.server.serveEndless(f.tgt(target.hashes().get("sha256") + ".brake.bin"));
        fails(ErrorCode.LENGTH_EXCEEDED, () -> u.download(u.targetInfo("brake.bin"), f.targetsUrl(), f.targetDir));
        assertThat(listFiles(f.targetDir)).isEmpty();
    }

    // ---- slow retrieval ---------------------------------------------------------------------------------------

    @Test
    void slowRetrieval_oneBytePerSecond() {
        f.config = f.fastGuard();
        f.repo.publish();
        byte[] timestamp = f.repo.metadataBytes("timestamp.json");
        f.server.serveTrickle(f.md("timestamp.json"), timestamp, 1000);
        long start = System.nanoTime();
        TufException e = refreshFails(ErrorCode.SLOW_RETRIEVAL);
        assertThat(e.getMessage()).contains("B/s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("gave up long before the trickle would have ended")
                .isLessThan(Duration.ofSeconds(timestamp.length / 4));
        assertThat(f.cachedVersion("timestamp")).isEqualTo(2);
    }

    @Test
    void slowRetrieval_stallAfterHeaders() {
        f.config = UpdaterConfig.defaults().withSlowRetrievalGuard(Duration.ofMillis(800), 0, Duration.ofSeconds(60));
        f.repo.publish();
        f.server.serveStall(f.md("3.snapshot.json"), f.repo.metadataBytes("3.snapshot.json").length, 5000);
        TufException e = refreshFails(ErrorCode.SLOW_RETRIEVAL, "timestamp");
        assertThat(e.getMessage()).contains("no data for 800 ms");
        // the image download is guarded the same way
        f.server.clearHooks();
        f.server.serveStall(f.tgt(target.hashes().get("sha256") + ".brake.bin"), image.length, 5000);
        TufUpdater u = f.updater();
        u.refresh();
        fails(ErrorCode.SLOW_RETRIEVAL, () -> u.download(u.targetInfo("brake.bin"), f.targetsUrl(), f.targetDir));
        assertThat(listFiles(f.targetDir)).isEmpty();
    }

    // ---- mix-and-match ----------------------------------------------------------------------------------------

    @Test
    void mixAndMatch_snapshotListsTargetsV3WhileV2IsServed() {
        byte[] targetsV2 = f.repo.metadataBytes("2.targets.json");
        f.repo.publish(); // snapshot v3 lists targets v3
        f.server.serveBytes(f.md("3.targets.json"), targetsV2);
        TufException e = refreshFails(ErrorCode.MIX_AND_MATCH, "timestamp", "snapshot");
        assertThat(e.getMessage()).contains("names targets version 3");
        assertThat(f.cachedVersion("targets")).isEqualTo(2);
    }

    @Test
    void mixAndMatch_snapshotNotTheOneTheTimestampSigned() {
        byte[] snapV2 = f.repo.metadataBytes("2.snapshot.json");
        f.repo.publish();
        f.server.serveBytes(f.md("3.snapshot.json"), snapV2);
        // ECDSA signatures vary in length: a longer old file is cut at the signed length, a shorter one fails the hash
        boolean longer = snapV2.length > f.repo.metadataBytes("3.snapshot.json").length;
        refreshFails(longer ? ErrorCode.LENGTH_EXCEEDED : ErrorCode.HASH_MISMATCH, "timestamp");
        assertThat(f.cachedVersion("snapshot")).isEqualTo(2);
    }

    // ---- key compromise ---------------------------------------------------------------------------------------

    private LocalSigner rotateRootKey() {
        LocalSigner newRoot = KeyPairs.ed25519();
        f.repo.removeKey(RoleName.ROOT, f.rootKey).addKey(RoleName.ROOT, newRoot);
        return newRoot;
    }

    @Test
    void keyCompromise_rootRotationOldSignatureMissing() {
        LocalSigner newRoot = rotateRootKey();
        f.repo.signers(RoleName.ROOT, List.of(newRoot)).publishRoot();
        TufException e = refreshFails(ErrorCode.BAD_ROOT_CHAIN);
        assertThat(e.getMessage()).contains("keys of trusted root v1");
        assertThat(f.cachedVersion("root")).isEqualTo(1);
    }

    @Test
    void keyCompromise_rootRotationNewSignatureMissing() {
        rotateRootKey();
        f.repo.signers(RoleName.ROOT, List.of(f.rootKey)).publishRoot();
        TufException e = refreshFails(ErrorCode.BAD_ROOT_CHAIN);
        assertThat(e.getMessage()).contains("its own root keys");
        assertThat(f.cachedVersion("root")).isEqualTo(1);
    }

    @Test
    void keyCompromise_rootVersionSkipped() {
        f.repo.nextVersion(RoleName.ROOT, 3);
        f.repo.publishRoot();
        f.server.serveBytes(f.md("2.root.json"), f.repo.metadataBytes("3.root.json"));
        TufException e = refreshFails(ErrorCode.BAD_ROOT_CHAIN);
        assertThat(e.getMessage()).contains("holds root version 3, expected exactly 2");
    }

    @Test
    void keyCompromise_rootVersionUnchanged() {
        f.server.serveBytes(f.md("2.root.json"), f.repo.metadataBytes("1.root.json"));
        TufException e = refreshFails(ErrorCode.BAD_ROOT_CHAIN);
        assertThat(e.getMessage()).contains("holds root version 1, expected exactly 2");
    }

    @Test
    void keyCompromise_revokedKeyStillSigning() {
        LocalSigner newTs = KeyPairs.ed25519();
        f.repo.removeKey(RoleName.TIMESTAMP, f.timestampKey).addKey(RoleName.TIMESTAMP, newTs).publish();
        f.updater().refresh();
        assertThat(f.cachedVersion("root")).isEqualTo(2);
        f.repo.signers(RoleName.TIMESTAMP, List.of(f.timestampKey)).publishTimestamp();
        refreshFails(ErrorCode.THRESHOLD_NOT_MET);
        assertThat(f.cachedVersion("timestamp")).isEqualTo(3);
    }

    // ---- path traversal ---------------------------------------------------------------------------------------

    @Test
    void pathTraversal_targetNames() {
        List<String> evil = List.of("../evil.bin", "/etc/evil.bin", "a/../../evil.bin", "%2e%2e/evil.bin",
                "a%2F..%2Fevil.bin", "evil\u0000.bin", "..\\evil.bin", "..");
        for (String name : evil) {
            byte[] content = ("payload " + name).getBytes(StandardCharsets.UTF_8);
            TargetFile t = new TargetFile(name, content.length, Map.of("sha256",
                    com.otaplatform.tuf.crypto.Crypto.sha256Hex(content)), null);
            f.repo.addTargetInfo(t);
        }
        f.repo.publish();
        TufUpdater u = f.updater();
        u.refresh(); // the metadata itself is fine; the names are refused when used
        for (String name : evil) {
            fails(ErrorCode.PATH_TRAVERSAL, () -> u.targetInfo(name));
            TargetFile t = u.trusted().orElseThrow().targets().target(name).orElseThrow();
            fails(ErrorCode.PATH_TRAVERSAL, () -> u.download(t, f.targetsUrl(), f.targetDir));
        }
        assertThat(listFiles(tmp).stream().filter(p -> p.getFileName().toString().contains("evil"))).isEmpty();
        assertThat(f.server.requests).noneMatch(r -> r.contains("evil"));
    }

    @Test
    void pathTraversal_roleNames() {
        for (String role : List.of("../../evil", "%2e%2e", "a/b", "evil\u0000")) {
            Map<String, MetaFile> meta = new java.util.TreeMap<>();
            meta.put("targets.json", MetaFile.ofVersion(f.repo.version(RoleName.TARGETS)));
            meta.put(role + ".json", MetaFile.ofVersion(1));
            f.repo.writeSnapshot(new SnapshotMetadata(f.repo.version(RoleName.SNAPSHOT) + 1,
                    Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), meta));
            f.repo.publishTimestamp();
            refreshFails(ErrorCode.PATH_TRAVERSAL, "timestamp");
        }
        assertThat(f.cachedVersion("snapshot")).isEqualTo(2);
        assertThat(listFiles(tmp).stream().filter(p -> p.getFileName().toString().contains("evil"))).isEmpty();
        fails(ErrorCode.PATH_TRAVERSAL, () -> new MetadataStore(f.metadataDir).write("../root", new byte[1]));
    }

    private static List<Path> listFiles(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unused")
    private static SignedMetadata resign(SignedMetadata md, List<Signer> signers) {
        return RepositoryBuilder.sign(md.signed(), signers);
    }
}
