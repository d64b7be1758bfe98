package com.otaplatform.checkin.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.checkin.Assignment;
import com.otaplatform.checkin.LiveRollout;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintsMapperTest {
    private static Assignment assignment(InstallPolicy policy, long... lengths) {
        List<Assignment.Download> downloads = java.util.Arrays.stream(lengths).mapToObj(length -> new Assignment.Download("ECU-1",
                new LiveRollout.Target("adas-main", "adas-v3", "e".repeat(64), "", length, "3.0.0", "adas.img", 1), "http://s3/x", Instant.now()))
                .toList();
        return new Assignment("rollouts/r", "c", downloads, policy);
    }

    @Test
    void shouldHandTheVehicleThePolicyWithWifiDecidedByTheWholeDownload() {
        InstallPolicy policy = new InstallPolicy(true, 30, 1000, List.of(new MaintenanceWindow("0 2 * * *", Duration.ofHours(3), "Asia/Shanghai")));
        var small = ConstraintsMapper.toProto(assignment(policy, 400, 600));
        assertThat(small.getRequireParked()).isTrue();
        assertThat(small.getMinBatteryPercent()).isEqualTo(30);
        assertThat(small.getWifiOnly()).as("1000 bytes are not above 1000").isFalse();
        assertThat(small.getMaintenanceWindows(0).getCron()).isEqualTo("0 2 * * *");
        assertThat(small.getMaintenanceWindows(0).getDuration().getSeconds()).isEqualTo(10_800);
        assertThat(small.getMaintenanceWindows(0).getTimeZone()).isEqualTo("Asia/Shanghai");
        assertThat(ConstraintsMapper.toProto(assignment(policy, 400, 601)).getWifiOnly()).isTrue();
        assertThat(ConstraintsMapper.toProto(assignment(InstallPolicy.NONE, 1L << 40)).getWifiOnly()).as("0: never").isFalse();
    }
}
