package com.otaplatform.agent;

import com.otaplatform.common.MaintenanceWindow;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Whether an assignment's maintenance windows let its install start now; none means any time. */
final class InstallWindows {
  private static final System.Logger LOG = System.getLogger(InstallWindows.class.getName());

  private InstallWindows() {
  }

  /** True when the list is empty or one of its windows is open at {@code now}. */
  static boolean open(List<com.otaplatform.vehicle.v1.MaintenanceWindow> windows, Instant now) {
    if (windows.isEmpty()) {
      return true;
    }
    for (com.otaplatform.vehicle.v1.MaintenanceWindow window : windows) {
      try {
        Duration duration = Duration.ofSeconds(window.getDuration().getSeconds(), window.getDuration().getNanos());
        if (MaintenanceWindow.parse("maintenance_window", window.getCron(), duration, window.getTimeZone()).isOpen(now)) {
          return true;
        }
      } catch (RuntimeException e) {
        // a window this agent cannot read never opens: waiting is safe, installing outside it is not
        LOG.log(Level.WARNING, "ignoring maintenance window {0}: {1}", window.getCron(), e.getMessage());
      }
    }
    return false;
  }
}
