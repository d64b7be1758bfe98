package com.otaplatform.otactl.upload;

import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

import java.io.PrintStream;

/** Shows upload progress on a terminal with me.tongfei:progressbar, drawing each line with {@link TransferLine}. */
public final class ProgressBarListener implements UploadListener {
    private final String label;
    private final ProgressBarConsumer consumer;
    private ProgressBar bar;
    private long startedAt;

    public ProgressBarListener(String label, PrintStream terminal) {
        this(label, new InteractiveConsoleProgressBarConsumer(terminal));
    }

    public ProgressBarListener(String label, ProgressBarConsumer consumer) {
        this.label = label;
        this.consumer = consumer;
    }

    @Override
    public synchronized void started(long offset, long total) {
        startedAt = offset;
        ProgressBarRenderer renderer = (ProgressState state, int width) -> TransferLine.render(label, state.getCurrent(),
                state.getMax(), startedAt, state.getElapsedAfterStart(), width > 0 ? width : 100);
        bar = new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(total)
                .setUpdateIntervalMillis(250)
                .setConsumer(consumer)
                .setRenderer(renderer)
                .build();
        bar.stepTo(offset);
    }

    @Override
    public synchronized void progressed(long position) {
        if (bar != null) {
            bar.stepTo(position);
        }
    }

    @Override
    public synchronized void resuming(long committedOffset, int attempt, Throwable cause) {
        if (bar != null) {
            bar.stepTo(committedOffset);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
