package com.otaplatform.otactl.cli;

import com.google.protobuf.Timestamp;
import com.otaplatform.fleet.v1.Ecu;
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.fleet.v1.VersionCount;
import com.otaplatform.otactl.output.VehicleText;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VehicleTextTest {
    private static Vehicle createDefaultVehicle() {
        return Vehicle.newBuilder().setName("vehicles/LSJA24U67MS000001").setVin("LSJA24U67MS000001")
                .putAttributes("region", "EU").putAttributes("model", "SU7")
                .addEcus(Ecu.newBuilder().setEcuSerial("ADAS-0001").setEcu("adas-main").setHardwareId("adas-v3")
                        .setInstalledVersion("2.4.1").setInstalledTarget("adas-main-2.4.1.img").setPrimary(true))
                .addEcus(Ecu.newBuilder().setEcuSerial("GW-0001").setEcu("gateway").setHardwareId("gw-v1"))
                .setCreateTime(Timestamp.newBuilder().setSeconds(1_767_225_600))
                .setLastSeenTime(Timestamp.newBuilder().setSeconds(1_767_225_660)).build();
    }

    private static String render(java.util.function.Consumer<PrintWriter> print) {
        StringWriter text = new StringWriter();
        print.accept(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void shouldShowAttributesSortedEcusAndEvents() {
        VehicleEvent failed = VehicleEvent.newBuilder().setSequence(7).setEvent(StatusEvent.newBuilder().setPhase(UpdatePhase.UPDATE_PHASE_FAILED)
                .setRollout("rollouts/r1").setEcuSerial("ADAS-0001").setErrorCode("HASH_MISMATCH").setMessage("sha256 differs")
                .setOccurTime(Timestamp.newBuilder().setSeconds(1_767_225_630))).build();
        String text = render(out -> VehicleText.details(createDefaultVehicle(), List.of(failed), false, out));
        assertThat(text)
                .startsWith("name:        vehicles/LSJA24U67MS000001\nattributes:  model=SU7, region=EU\n")
                .contains("registered:  2026-01-01 00:00:00Z").contains("last seen:   2026-01-01 00:01:00Z")
                .containsPattern("(?m)^  SERIAL\\s+ECU\\s+HARDWARE\\s+VERSION\\s+TARGET\\s+PRIMARY$")
                .containsPattern("(?m)^  ADAS-0001\\s+adas-main\\s+adas-v3\\s+2\\.4\\.1\\s+adas-main-2\\.4\\.1\\.img\\s+yes$")
                .containsPattern("(?m)^  GW-0001\\s+gateway\\s+gw-v1\\s+-\\s+-$")
                .contains("Update events:")
                .containsPattern("(?m)^  2026-01-01 00:00:30Z\\s+FAILED\\s+rollouts/r1\\s+ADAS-0001\\s+HASH_MISMATCH\\s+sha256 differs$");
    }

    @Test
    void shouldSayWhenAVehicleHasNoEvents() {
        assertThat(render(out -> VehicleText.details(createDefaultVehicle(), List.of(), false, out))).endsWith("No update events.\n");
    }

    @Test
    void shouldListEcuVersionsInOneCell() {
        assertThat(VehicleText.ecuVersions(createDefaultVehicle())).isEqualTo("adas-main 2.4.1, gateway -");
        assertThat(VehicleText.attributes(Vehicle.getDefaultInstance())).isEqualTo("-");
    }

    @Test
    void shouldShowSharesAndBarsOfTheVersionDistribution() {
        String text = render(out -> VehicleText.versions("adas-main", List.of(VersionCount.newBuilder().setVersion("2.4.1").setVehicles(2).build(),
                VersionCount.newBuilder().setVersion("").setVehicles(1).build()), out));
        assertThat(text).startsWith("3 vehicles report ECU adas-main:\n")
                .containsPattern("(?m)^VERSION\\s+VEHICLES\\s+SHARE$")
                .containsPattern("(?m)^2\\.4\\.1\\s+2\\s+66\\.7%\\s+#{13}$")
                .containsPattern("(?m)^\\(none\\)\\s+1\\s+33\\.3%\\s+#{7}$");
        String one = render(out -> VehicleText.versions("adas-main", List.of(VersionCount.newBuilder().setVersion("1.0.0").setVehicles(1).build(),
                VersionCount.newBuilder().setVersion("2.0.0").setVehicles(999).build()), out));
        assertThat(one).startsWith("1000 vehicles report").containsPattern("(?m)^1\\.0\\.0\\s+1\\s+0\\.1%\\s+#$");
    }
}
