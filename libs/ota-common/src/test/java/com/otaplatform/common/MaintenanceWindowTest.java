package com.otaplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {
    private static final String FIELD = "install_policy.maintenance_windows[0]";

    @Test
    void shouldBeOpenFromEachStartForItsDurationInItsTimeZone() {
        // 02:00 to 04:00 Berlin time; Berlin is UTC+1 in January, UTC+2 in July
        MaintenanceWindow night = MaintenanceWindow.parse(FIELD, "0 2 * * *", Duration.ofHours(2), "Europe/Berlin");
        assertThat(night.isOpen(Instant.parse("2026-01-15T00:59:00Z"))).isFalse();
        assertThat(night.isOpen(Instant.parse("2026-01-15T01:00:00Z"))).isTrue();
        assertThat(night.isOpen(Instant.parse("2026-01-15T02:59:00Z"))).isTrue();
        assertThat(night.isOpen(Instant.parse("2026-01-15T03:00:00Z"))).isFalse();
        assertThat(night.isOpen(Instant.parse("2026-07-15T00:30:00Z"))).as("summer time moves it").isTrue();
        assertThat(night.isOpen(Instant.parse("2026-07-15T02:30:00Z"))).isFalse();

        MaintenanceWindow weekends = MaintenanceWindow.parse(FIELD, "0 0 * * 6", Duration.ofDays(2), "UTC");
        assertThat(weekends.isOpen(Instant.parse("2026-12-05T12:00:00Z"))).as("Saturday").isTrue();
        assertThat(weekends.isOpen(Instant.parse("2026-12-06T23:59:00Z"))).as("Sunday night").isTrue();
        assertThat(weekends.isOpen(Instant.parse("2026-12-07T00:00:00Z"))).as("Monday").isFalse();
    }

    @Test
    void shouldNameThePartOfABadWindow() {
        assertThatThrownBy(() -> MaintenanceWindow.parse(FIELD, "0 25 * * *", Duration.ofHours(1), "UTC"))
                .hasMessageStartingWith("INVALID_ARGUMENT: " + FIELD + ".cron: is not a five-field cron expression like '0 2 * * *'");
        assertThatThrownBy(() -> MaintenanceWindow.parse(FIELD, "0 2 * *", Duration.ofHours(1), "UTC"))
                .hasMessageStartingWith("INVALID_ARGUMENT: " + FIELD + ".cron:");
        assertThatThrownBy(() -> MaintenanceWindow.parse(FIELD, "", Duration.ofHours(1), "UTC"))
                .hasMessage("INVALID_ARGUMENT: " + FIELD + ".cron: is required");
        assertThatThrownBy(() -> MaintenanceWindow.parse(FIELD, "0 2 * * *", Duration.ZERO, "UTC"))
                .hasMessageStartingWith("INVALID_ARGUMENT: " + FIELD + ".duration: must be between 1 minute and 7 days");
        assertThatThrownBy(() -> MaintenanceWindow.parse(FIELD, "0 2 * * *", Duration.ofDays(8), "UTC"))
                .hasMessageStartingWith("INVALID_ARGUMENT: " + FIELD + ".duration:");
        assertThatThrownBy(() -> MaintenanceWindow.parse(FIELD, "0 2 * * *", Duration.ofHours(1), "Mars/Olympus"))
                .hasMessage("INVALID_ARGUMENT: " + FIELD + ".time_zone: is not an IANA time zone like 'Europe/Berlin': 'Mars/Olympus'");
    }
}
