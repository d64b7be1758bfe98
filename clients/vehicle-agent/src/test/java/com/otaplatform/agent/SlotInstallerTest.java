package com.otaplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotInstallerTest {
  private static final EcuConfig ADAS = new EcuConfig("ADAS-0001", "adas-main", "adas-v3");
  private static final EcuConfig IVI = new EcuConfig("IVI-0001", "ivi", "ivi-v2");

  @TempDir Path state;

  private Path image(String name, String content) throws IOException {
    Path file = state.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static InstalledImage meta(String target, String version, byte[] bytes) {
    return new InstalledImage(target, version, Digester.digest(bytes), 0);
  }

  @Test
  void successWritesTheInactiveSlotAndSwitchesToIt() throws Exception {
    SlotInstaller installer = new SlotInstaller(state);
    assertThat(installer.activeSlot(ADAS.serial())).isEqualTo("slot-a");
    assertThat(installer.installed(ADAS.serial())).isEmpty();

    SlotInstaller.Result r = installer.install(ADAS, image("v1", "one"), meta("adas-1.0.0.bin", "1.0.0", "one".getBytes()));

    assertThat(r.outcome()).isEqualTo(SlotInstaller.Outcome.SUCCEEDED);
    assertThat(installer.activeSlot(ADAS.serial())).isEqualTo("slot-b");
    assertThat(Files.readString(state.resolve("ecus/ADAS-0001/slot-b/image"))).isEqualTo("one");
    assertThat(Files.readString(state.resolve("ecus/ADAS-0001/active"), StandardCharsets.UTF_8)).isEqualTo("slot-b");
    InstalledImage installed = installer.installed(ADAS.serial()).orElseThrow();
    assertThat(installed.targetName()).isEqualTo("adas-1.0.0.bin");
    assertThat(installed.version()).isEqualTo("1.0.0");
    assertThat(installed.digests()).isEqualTo(Digester.digest("one".getBytes()));

    installer.install(ADAS, image("v2", "two"), meta("adas-1.1.0.bin", "1.1.0", "two".getBytes()));
    assertThat(installer.activeSlot(ADAS.serial())).isEqualTo("slot-a");
    assertThat(installer.installed(ADAS.serial()).orElseThrow().version()).isEqualTo("1.1.0");
  }

  @Test
  void failedBootCheckSwitchesBackAndReportsRolledBack() throws Exception {
    new SlotInstaller(state).install(ADAS, image("v1", "one"), meta("adas-1.0.0.bin", "1.0.0", "one".getBytes()));
    SlotInstaller failing = new SlotInstaller(state, ImageWriter.copying(),
        (ecu, img, slotDir) -> BootCheck.Result.failed("watchdog reset"));

    SlotInstaller.Result r = failing.install(ADAS, image("v2", "two"), meta("adas-2.0.0.bin", "2.0.0", "two".getBytes()));

    assertThat(r.outcome()).isEqualTo(SlotInstaller.Outcome.ROLLED_BACK);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.BOOT_CHECK_FAILED);
    assertThat(r.ecuSerial()).isEqualTo(ADAS.serial());
    assertThat(r.message()).contains("watchdog reset");
    assertThat(failing.activeSlot(ADAS.serial())).isEqualTo("slot-b");
    assertThat(failing.installed(ADAS.serial()).orElseThrow().version()).isEqualTo("1.0.0");
  }

  @Test
  void oneFailedBootRollsBackEveryEcuOfTheUpdate() throws Exception {
    SlotInstaller installer = new SlotInstaller(state, ImageWriter.copying(),
        (ecu, img, slotDir) -> ecu.equals(IVI) ? BootCheck.Result.failed("ivi panic") : BootCheck.Result.ok());

    SlotInstaller.Result r = installer.installAll(List.of(
        new SlotInstaller.Plan(ADAS, image("a", "a"), meta("adas.bin", "2.0.0", "a".getBytes())),
        new SlotInstaller.Plan(IVI, image("i", "i"), meta("ivi.bin", "2.0.0", "i".getBytes()))));

    assertThat(r.outcome()).isEqualTo(SlotInstaller.Outcome.ROLLED_BACK);
    assertThat(r.ecuSerial()).isEqualTo(IVI.serial());
    assertThat(installer.activeSlot(ADAS.serial())).isEqualTo("slot-a");
    assertThat(installer.activeSlot(IVI.serial())).isEqualTo("slot-a");
    assertThat(installer.installed(ADAS.serial())).isEmpty();
  }

  @Test
  void aWriteFailureSwitchesNothing() throws Exception {
    SlotInstaller installer = new SlotInstaller(state, (img, dest) -> {
      throw new IOException("flash write error");
    }, BootCheck.passing());

    SlotInstaller.Result r = installer.install(ADAS, image("v1", "one"), meta("adas.bin", "1.0.0", "one".getBytes()));

    assertThat(r.outcome()).isEqualTo(SlotInstaller.Outcome.FAILED);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.INSTALL_FAILED);
    assertThat(installer.activeSlot(ADAS.serial())).isEqualTo("slot-a");
    assertThat(installer.installed(ADAS.serial())).isEmpty();
  }
}
