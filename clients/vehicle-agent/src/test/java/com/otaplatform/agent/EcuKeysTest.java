package com.otaplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.vehicle.v1.EcuKey;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.VehicleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcuKeysTest {
  private static final String VIN = "LSJA24U67MS000001";
  private static final EcuConfig ADAS = new EcuConfig("ADAS-0001", "adas-main", "adas-v3");
  private static final EcuConfig IVI = new EcuConfig("IVI-0001", "ivi", "ivi-v2");
  private static final VehicleIdentity IDENTITY = new VehicleIdentity(VIN, Map.of(), List.of(ADAS, IVI));

  @TempDir Path state;

  private static EcuVersionReport report(EcuConfig ecu) {
    return EcuVersionReport.newBuilder().setEcuSerial(ecu.serial()).setEcu(ecu.ecu()).setHardwareId(ecu.hardwareId()).setNonce("n-1").build();
  }

  @Test
  void shouldMakeOneKeyPerEcuOnFirstStartAndKeepItAcrossRestarts() throws Exception {
    EcuKeys first = EcuKeys.loadOrCreate(state, IDENTITY, false);
    EcuKeys restarted = EcuKeys.loadOrCreate(state, IDENTITY, false);

    assertThat(first.primarySerial()).isEqualTo(ADAS.serial());
    assertThat(first.signer(ADAS.serial()).keyId()).isNotEqualTo(first.signer(IVI.serial()).keyId());
    assertThat(restarted.signer(ADAS.serial()).keyId()).isEqualTo(first.signer(ADAS.serial()).keyId());
    assertThat(restarted.signer(IVI.serial()).keyId()).isEqualTo(first.signer(IVI.serial()).keyId());
    Path file = state.resolve("ecu-keys");
    assertThat(Files.readAllLines(file)).hasSize(2).satisfiesExactly(line -> assertThat(line).startsWith(ADAS.serial() + " "),
        line -> assertThat(line).startsWith(IVI.serial() + " "));
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(state.resolve("ecu-keys.tmp")).doesNotExist();
  }

  @Test
  void shouldKeepTheKeysOfKnownEcusWhenAnEcuIsAdded() throws Exception {
    EcuKeys one = EcuKeys.loadOrCreate(state, new VehicleIdentity(VIN, Map.of(), List.of(ADAS)), false);
    EcuKeys two = EcuKeys.loadOrCreate(state, IDENTITY, false);

    assertThat(two.signer(ADAS.serial()).keyId()).isEqualTo(one.signer(ADAS.serial()).keyId());
    assertThat(two.publicKeys()).extracting(EcuKey::getEcuSerial).containsExactly(ADAS.serial(), IVI.serial());
  }

  @Test
  void shouldRefuseAKeyFileItCannotRead() throws Exception {
    Files.writeString(state.resolve("ecu-keys"), ADAS.serial() + " bm90IGEga2V5\n");

    assertThatThrownBy(() -> EcuKeys.loadOrCreate(state, IDENTITY, false)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("the key of ECU " + ADAS.serial());
  }

  @Test
  void shouldRegisterTheRawPublicKeysInTufForm() throws Exception {
    EcuKeys keys = EcuKeys.loadOrCreate(state, IDENTITY, false);

    assertThat(keys.publicKeys()).allSatisfy(key -> {
      assertThat(key.getMethod()).isEqualTo("ed25519");
      assertThat(key.getPublicKey().size()).isEqualTo(32);
      assertThat(HexFormat.of().formatHex(key.getPublicKey().toByteArray()))
          .isEqualTo(keys.signer(key.getEcuSerial()).publicKey().publicValue());
    });
  }

  @Test
  void shouldSignEachReportByItsEcuAndTheManifestByThePrimary() throws Exception {
    EcuKeys keys = EcuKeys.generate(List.of(ADAS.serial(), IVI.serial()));

    var signed = keys.signedManifest(VIN, List.of(report(ADAS), report(IVI)));

    var primary = keys.signer(ADAS.serial()).publicKey();
    assertThat(signed.getSignatures(0).getKeyId()).isEqualTo(primary.keyId());
    assertThat(PublicKeys.verify(primary, signed.getSignatures(0).getValue().toByteArray(), signed.getManifest().toByteArray())).isTrue();
    VehicleManifest manifest = VehicleManifest.parseFrom(signed.getManifest());
    assertThat(manifest.getVin()).isEqualTo(VIN);
    assertThat(manifest.getPrimaryEcuSerial()).isEqualTo(ADAS.serial());
    var ivi = manifest.getEcuReports(1);
    var iviKey = keys.signer(IVI.serial()).publicKey();
    assertThat(EcuVersionReport.parseFrom(ivi.getReport())).isEqualTo(report(IVI));
    assertThat(PublicKeys.verify(iviKey, ivi.getSignatures(0).getValue().toByteArray(), ivi.getReport().toByteArray())).isTrue();
    // a report signed by the primary's key is not the IVI's signature
    assertThat(PublicKeys.verify(primary, ivi.getSignatures(0).getValue().toByteArray(), ivi.getReport().toByteArray())).isFalse();
  }

  @Test
  void shouldRefuseToSignForAnEcuItHasNoKeyFor() {
    EcuKeys keys = EcuKeys.generate(List.of(ADAS.serial()));

    assertThatThrownBy(() -> keys.signedManifest(VIN, List.of(report(ADAS), report(IVI))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(IVI.serial());
  }
}
