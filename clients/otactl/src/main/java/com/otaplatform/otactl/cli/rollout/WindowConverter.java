package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.rollout.v1.MaintenanceWindow;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** A maintenance window as typed: {@code CRON,DURATION,ZONE}, for example {@code 0 2 * * *,3h,Europe/Berlin}. */
public final class WindowConverter implements ITypeConverter<MaintenanceWindow> {

    @Override
    public MaintenanceWindow convert(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
            throw new TypeConversionException("'" + value + "' is not CRON,DURATION,ZONE (for example '0 2 * * *,3h,Europe/Berlin')");
        }
        Duration duration = DurationConverter.parse(parts[1]);
        return MaintenanceWindow.newBuilder().setCron(parts[0].trim()).setTimeZone(parts[2].trim())
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()))
                .build();
    }
}
