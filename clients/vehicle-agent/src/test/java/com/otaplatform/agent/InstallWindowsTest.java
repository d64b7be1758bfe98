package com.otaplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.vehicle.v1.MaintenanceWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstallWindowsTest {
  private static MaintenanceWindow window(String cron, long seconds, String timeZone) {
    return MaintenanceWindow.newBuilder().setCron(cron).setTimeZone(timeZone)
        .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(seconds)).build();
  }

  @Test
  void shouldLetInstallsStartAnyTimeWithoutWindows() {
    assertThat(InstallWindows.open(List.of(), Instant.parse("2026-12-01T12:00:00Z"))).isTrue();
  }

  @Test
  void shouldWaitUntilOneOfTheWindowsIsOpen() {
    // 02:00-04:00 in Shanghai (UTC+8) and 22:00-23:00 UTC
    List<MaintenanceWindow> windows = List.of(window("0 2 * * *", 7200, "Asia/Shanghai"), window("0 22 * * *", 3600, "UTC"));
    assertThat(InstallWindows.open(windows, Instant.parse("2026-12-01T12:00:00Z"))).isFalse();
    assertThat(InstallWindows.open(windows, Instant.parse("2026-12-01T18:30:00Z"))).as("02:30 in Shanghai").isTrue();
    assertThat(InstallWindows.open(windows, Instant.parse("2026-12-01T22:10:00Z"))).isTrue();
    assertThat(InstallWindows.open(windows, Instant.parse("2026-12-01T23:10:00Z"))).isFalse();
  }

  @Test
  void shouldNeverOpenAWindowItCannotRead() {
    assertThat(InstallWindows.open(List.of(window("every night", 7200, "UTC")), Instant.parse("2026-12-01T02:30:00Z"))).isFalse();
  }
}
