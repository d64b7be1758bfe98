package com.otaplatform.common;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A recurring window in which installs may start: it opens at each time a five-field (Unix) cron
 * expression names, in an IANA time zone, and stays open for {@code duration}. The rollout service
 * checks windows when a rollout is created; the vehicle agent waits for one before installing.
 */
public record MaintenanceWindow(String cron, Duration duration, String timeZone) {
    /** The longest a window may stay open. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * A checked window; a bad part is INVALID_ARGUMENT naming {@code field} and the part
     * ({@code .cron}, {@code .duration}, {@code .time_zone}).
     */
    public static MaintenanceWindow parse(String field, String cron, Duration duration, String timeZone) {
        String expression = Fields.required(field + ".cron", cron, 256).trim();
        try {
            PARSER.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field + ".cron", "is not a five-field cron expression like '0 2 * * *': " + e.getMessage());
        }
        if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw ApiException.invalidField(field + ".duration", "must be between 1 minute and 7 days, got " + duration);
        }
        String zone = Fields.required(field + ".time_zone", timeZone, 64);
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiException.invalidField(field + ".time_zone", "is not an IANA time zone like 'Europe/Berlin': '" + zone + "'");
        }
        return new MaintenanceWindow(expression, duration, zone);
    }

    /** Whether the window is open at {@code now}: it started at most {@code duration} before. */
    public boolean isOpen(Instant now) {
        Cron parsed = PARSER.parse(cron);
        ExecutionTime starts = ExecutionTime.forCron(parsed);
        ZonedDateTime local = now.atZone(ZoneId.of(timeZone));
        if (starts.isMatch(local.withSecond(0).withNano(0))) {
            return true; // it starts in this very minute
        }
        Optional<ZonedDateTime> lastStart = starts.lastExecution(local);
        return lastStart.isPresent() && local.isBefore(lastStart.get().plus(duration));
    }
}
