package com.otaplatform.checkin.mapping;

import com.otaplatform.checkin.Assignment;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.vehicle.v1.InstallConstraints;
import com.otaplatform.vehicle.v1.MaintenanceWindow;

/** The rollout's install policy as the vehicle applies it to one assignment. */
public final class ConstraintsMapper {
    private ConstraintsMapper() {
    }

    /** The constraints of the assignment: Wi-Fi is required when its downloads together are above the policy's size. */
    public static InstallConstraints toProto(Assignment assignment) {
        InstallPolicy policy = assignment.installPolicy();
        long bytes = assignment.downloads().stream().mapToLong(download -> download.target().length()).sum();
        var proto = InstallConstraints.newBuilder()
                .setRequireParked(policy.requireParked())
                .setMinBatteryPercent(policy.minBatteryPercent())
                .setWifiOnly(policy.needsWifi(bytes));
        policy.maintenanceWindows().forEach(window -> proto.addMaintenanceWindows(MaintenanceWindow.newBuilder()
                .setCron(window.cron())
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(window.duration().getSeconds()).setNanos(window.duration().getNano()))
                .setTimeZone(window.timeZone())));
        return proto.build();
    }
}
