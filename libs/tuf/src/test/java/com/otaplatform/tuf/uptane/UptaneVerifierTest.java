package com.otaplatform.tuf.uptane;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.Fixture;
import com.otaplatform.tuf.crypto.KeyPairs;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.otaplatform.tuf.client.Fixture.fails;
import static org.assertj.core.api.Assertions.assertThat;

/** Uptane rows of THREATS.md: mix-and-match between repositories, wrong software, partial bundle, counters. */
class UptaneVerifierTest {
    @TempDir
    Path tmp;
    Fixture director;
    Fixture image;
    TargetFile brake;
    TargetFile hvac;
    final Ecu brakeEcu = new Ecu("BRK-001", "brake-hw", 3);
    final Ecu hvacEcu = new Ecu("HVC-001", "hvac-hw", 1);
    Path staging;
    Path install;

    @BeforeEach
    void setUp() {
        director = new Fixture(tmp, "director");
        image = new Fixture(tmp, "image");
        brake = image.repo.addTarget("brake-4.0.bin", "brake four".getBytes(StandardCharsets.UTF_8),
                UptaneCustom.image(List.of("brake-hw"), 4));
        hvac = image.repo.addTarget("hvac-2.1.bin", "hvac two one".getBytes(StandardCharsets.UTF_8),
                UptaneCustom.image(List.of("hvac-hw", "hvac-hw-b"), 2));
        image.repo.publish();
        assign(brake, brakeEcu, 4);
        assign(hvac, hvacEcu, 2);
        director.repo.publish();
        staging = tmp.resolve("vehicle/staging");
        install = tmp.resolve("vehicle/installed");
    }

    @AfterEach
    void tearDown() {
        director.close();
        image.close();
    }

    private void assign(TargetFile t, Ecu ecu, long counter) {
        director.repo.addTargetInfo(new TargetFile(t.name(), t.length(), t.hashes(),
                UptaneCustom.director(ecu.serial(), ecu.hardwareId(), counter)));
    }

    private UptaneVerifier verifier() {
        return new UptaneVerifier(director.updater(), image.updater(), image.targetsUrl());
    }

    private List<Ecu> ecus() {
        return List.of(brakeEcu, hvacEcu);
    }

    @Test
    void happyPathInstallsTheWholeBundle() throws Exception {
        UptaneVerifier v = verifier();
        UpdatePlan plan = v.verify(ecus());
        assertThat(plan.images()).extracting(i -> i.ecu().serial()).containsExactlyInAnyOrder("BRK-001", "HVC-001");
        List<Path> installed = v.downloadBundle(plan, staging, install);
        assertThat(installed).hasSize(2);
        assertThat(Files.readString(install.resolve("brake-4.0.bin"))).isEqualTo("brake four");
        assertThat(files(staging)).isEmpty();
    }

    @Test
    void directorMetadataIsRealTuf_wrongKeyRefused() {
        director.repo.signers(RoleName.TARGETS, List.of(KeyPairs.ed25519())).publish();
        fails(ErrorCode.THRESHOLD_NOT_MET, () -> verifier().verify(ecus()));
    }

    @Test
    void mixAndMatch_directorAndImageDisagreeOnHash() {
        Map<String, String> hashes = new HashMap<>(brake.hashes());
        hashes.put("sha256", "00".repeat(32));
        director.repo.addTargetInfo(new TargetFile(brake.name(), brake.length(), hashes,
                UptaneCustom.director(brakeEcu.serial(), brakeEcu.hardwareId(), 4))).publish();
        TufException e = fails(ErrorCode.DIRECTOR_MISMATCH, () -> verifier().verify(ecus()));
        assertThat(e.getMessage()).contains("sha256");
    }

    @Test
    void mixAndMatch_directorAndImageDisagreeOnLength() {
        director.repo.addTargetInfo(new TargetFile(brake.name(), brake.length() + 1, brake.hashes(),
                UptaneCustom.director(brakeEcu.serial(), brakeEcu.hardwareId(), 4))).publish();
        TufException e = fails(ErrorCode.DIRECTOR_MISMATCH, () -> verifier().verify(ecus()));
        assertThat(e.getMessage()).contains("length");
    }

    @Test
    void mixAndMatch_imageBuiltForOtherHardware() {
        // director binds the hvac image to the brake ECU (hardware ids agree in the director, not in the image repo)
        director.repo.removeTarget(brake.name()).removeTarget(hvac.name());
        assign(hvac, brakeEcu, 2);
        director.repo.publish();
        TufException e = fails(ErrorCode.WRONG_HARDWARE, () -> verifier().verify(ecus()));
        assertThat(e.getMessage()).contains("brake-hw");
    }

    @Test
    void wrongSoftware_directorNamesImageAbsentFromImageRepo() {
        director.repo.addTargetInfo(new TargetFile("ghost.bin", 10, Map.of("sha256", "11".repeat(32)),
                UptaneCustom.director(brakeEcu.serial(), brakeEcu.hardwareId(), 9))).removeTarget(brake.name()).publish();
        TufException e = fails(ErrorCode.TARGET_NOT_FOUND, () -> verifier().verify(ecus()));
        assertThat(e.getMessage()).contains("ghost.bin");
    }

    @Test
    void wrongSoftware_wrongEcuSerial() {
        director.repo.removeTarget(brake.name());
        assign(brake, new Ecu("BRK-999", "brake-hw", 0), 4);
        director.repo.publish();
        fails(ErrorCode.WRONG_ECU, () -> verifier().verify(ecus()));
    }

    @Test
    void wrongSoftware_wrongHardwareIdInDirector() {
        director.repo.removeTarget(brake.name());
        assign(brake, new Ecu(brakeEcu.serial(), "other-hw", 0), 4);
        director.repo.publish();
        fails(ErrorCode.WRONG_HARDWARE, () -> verifier().verify(ecus()));
    }

    @Test
    void wrongSoftware_twoTargetsForOneEcu() {
        TargetFile brake2 = image.repo.addTarget("brake-4.1.bin", "brake four one".getBytes(StandardCharsets.UTF_8),
                UptaneCustom.image(List.of("brake-hw"), 5));
        image.repo.publish();
        assign(brake2, brakeEcu, 5);
        director.repo.publish();
        fails(ErrorCode.DUPLICATE_ECU_TARGET, () -> verifier().verify(ecus()));
    }

    @Test
    void rollback_imageWithLowerReleaseCounter() {
        Ecu upToDate = new Ecu(brakeEcu.serial(), brakeEcu.hardwareId(), 7);
        TufException e = fails(ErrorCode.RELEASE_COUNTER_ROLLBACK, () -> verifier().verify(List.of(upToDate, hvacEcu)));
        assertThat(e.getMessage()).contains("release counter 4, lower than 7");
        // a restarted primary (new verifier instances over the same caches) refuses the same way
        fails(ErrorCode.RELEASE_COUNTER_ROLLBACK, () -> verifier().verify(List.of(upToDate, hvacEcu)));
    }

    @Test
    void partialBundle_oneOfTwoImagesDropped() {
        image.server.serveStatus(image.tgt(hvac.hashes().get("sha256") + ".hvac-2.1.bin"), 404);
        UptaneVerifier v = verifier();
        UpdatePlan plan = v.verify(ecus());
        TufException e = fails(ErrorCode.PARTIAL_BUNDLE, () -> v.downloadBundle(plan, staging, install));
        assertThat(e.getMessage()).contains("hvac-2.1.bin", "HVC-001", "DOWNLOAD_FAILED", "404", "none of the 2 images");
        assertThat(files(install)).isEmpty();
        assertThat(files(staging)).isEmpty();
    }

    @Test
    void partialBundle_oneImageTampered() {
        byte[] evil = "brake FOUR".getBytes(StandardCharsets.UTF_8);
        image.server.serveBytes(image.tgt(brake.hashes().get("sha256") + ".brake-4.0.bin"), evil);
        UptaneVerifier v = verifier();
        UpdatePlan plan = v.verify(ecus());
        TufException e = fails(ErrorCode.PARTIAL_BUNDLE, () -> v.downloadBundle(plan, staging, install));
        assertThat(e.getMessage()).contains("HASH_MISMATCH", "brake-4.0.bin");
        assertThat(files(install)).isEmpty();
    }

    private static List<Path> files(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
