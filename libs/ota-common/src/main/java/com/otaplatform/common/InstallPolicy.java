package com.otaplatform.common;

import java.util.List;

/**
 * What a vehicle must satisfy before it installs a rollout's update: parked, battery at least
 * {@code minBatteryPercent}, on Wi-Fi when the download is larger than {@code wifiOnlyAboveBytes}
 * (0: never), and inside one of the maintenance windows (none: any time).
 */
public record InstallPolicy(boolean requireParked, int minBatteryPercent, long wifiOnlyAboveBytes,
        List<MaintenanceWindow> maintenanceWindows) {

    /** No condition at all. */
    public static final InstallPolicy NONE = new InstallPolicy(false, 0, 0, List.of());

    /** Whether a download of {@code bytes} needs Wi-Fi. */
    public boolean needsWifi(long bytes) {
        return wifiOnlyAboveBytes > 0 && bytes > wifiOnlyAboveBytes;
    }
}
