package com.otaplatform.checkin.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The lines one class logs while a test runs, formatted; close it to stop listening. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing what {@code source} logs. */
    public static LogCapture of(Class<?> source) {
        LogCapture capture = new LogCapture(Logger.getLogger(source.getName()));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The lines logged so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(String.valueOf(record.getParameters() == null ? record.getMessage()
                : String.format(record.getMessage(), record.getParameters())));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
