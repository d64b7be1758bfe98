package com.otaplatform.otactl.output;

import com.otaplatform.rollout.v1.DryRunRolloutResponse;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutEvent;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageReach;

import java.io.PrintWriter;
import java.util.List;

/** Rollouts as text: a status view with per-stage progress and a summary line. */
public final class RolloutText {
    private RolloutText() {
    }

    public static String state(Rollout r) {
        return Formats.enumName(r.getState(), "ROLLOUT_STATE_");
    }

    /** "stage 2 of 4". */
    public static String stage(Rollout r) {
        return r.getStagesCount() == 0 ? "-" : "stage " + (r.getCurrentStage() + 1) + " of " + r.getStagesCount();
    }

    /** The totals over all stages: "{succeeded} of {reached} vehicles succeeded (... failed, ... in progress)". */
    public static String summary(Rollout r) {
        long reached = 0;
        long succeeded = 0;
        long failed = 0;
        long inProgress = 0;
        for (StageProgress p : r.getProgressList()) {
            reached += p.getVehiclesReached();
            succeeded += p.getVehiclesSucceeded();
            failed += p.getVehiclesFailed();
            inProgress += p.getVehiclesInProgress();
        }
        return succeeded + " of " + reached + " vehicles succeeded (" + failed + " failed, " + inProgress + " in progress)";
    }

    public static void status(Rollout r, PrintWriter out) {
        out.println(r.getName() + " \"" + r.getDisplayName() + "\": " + state(r) + ", " + stage(r));
        out.println("release:   " + r.getRelease());
        out.println("selector:  " + (r.getSelector().isBlank() ? "(every vehicle)" : r.getSelector()));
        if (!r.getRollbackOf().isEmpty()) {
            out.println("rolls back: " + r.getRollbackOf());
        }
        out.println("revision:  " + r.getRevision() + ", updated " + Formats.time(r.getUpdateTime()));
        out.println();
        TextTable t = new TextTable("STAGE", "PERCENT", "CAP", "STATE", "REACHED", "SUCCEEDED", "FAILED", "IN PROGRESS", "FAILURE RATE", "GATE");
        for (int i = 0; i < r.getStagesCount(); i++) {
            Stage s = r.getStages(i);
            StageProgress p = i < r.getProgressCount() ? r.getProgress(i) : StageProgress.getDefaultInstance();
            String marker = i == r.getCurrentStage() ? "*" : " ";
            t.row(marker + (i + 1), Formats.percent(s.getPercentageBp()), s.getMaxVehicles() == 0 ? "-" : s.getMaxVehicles(),
                    Formats.enumName(p.getState(), "STAGE_STATE_"),
                    p.getVehiclesReached(), p.getVehiclesSucceeded(), p.getVehiclesFailed(), p.getVehiclesInProgress(),
                    Formats.percent(p.getFailureRateBp()), gate(s));
        }
        t.print(out);
        out.println();
        out.println(summary(r));
        out.flush();
    }

    static String gate(Stage s) {
        if (!s.hasGate()) {
            return "-";
        }
        return "max " + Formats.percent(s.getGate().getMaxFailureRateBp()) + " failed, min " + s.getGate().getMinVehiclesReported()
                + " reported, soak " + Formats.duration(s.getGate().getSoakTime());
    }

    public static void table(List<Rollout> rollouts, PrintWriter out) {
        TextTable t = new TextTable("NAME", "DISPLAY NAME", "STATE", "STAGE", "RELEASE", "SUCCEEDED", "CREATED");
        for (Rollout r : rollouts) {
            long reached = r.getProgressList().stream().mapToLong(StageProgress::getVehiclesReached).sum();
            long ok = r.getProgressList().stream().mapToLong(StageProgress::getVehiclesSucceeded).sum();
            t.row(r.getName(), r.getDisplayName(), state(r), r.getStagesCount() == 0 ? "-" : (r.getCurrentStage() + 1) + "/" + r.getStagesCount(),
                    r.getRelease(), ok + "/" + reached, Formats.time(r.getCreateTime()));
        }
        t.print(out);
    }

    private static final int BAR_WIDTH = 30;

    /**
     * One change seen by {@code otactl rollout watch}: what happened, then a progress bar per
     * stage (the share of the stage's reached vehicles that reported a final outcome).
     */
    public static void change(Rollout r, RolloutEvent event, PrintWriter out) {
        String what = event == null ? "progress"
                : Formats.enumName(event.getToState(), "ROLLOUT_STATE_") + " by " + Formats.enumName(event.getActorKind(), "ACTOR_KIND_").toLowerCase()
                        + ":" + event.getActor() + (event.getReason().isEmpty() ? "" : " (" + event.getReason() + ")");
        out.println(Formats.time(r.getUpdateTime()) + "  " + r.getName() + ": " + state(r) + ", " + stage(r) + " - " + what);
        for (int i = 0; i < r.getStagesCount(); i++) {
            StageProgress p = i < r.getProgressCount() ? r.getProgress(i) : StageProgress.getDefaultInstance();
            out.printf("  %s%-2d %7s %s %d/%d done, %d failed, %d in progress, %s%n", i == r.getCurrentStage() ? "*" : " ", i + 1,
                    Formats.percent(r.getStages(i).getPercentageBp()), bar(p.getVehiclesSucceeded() + p.getVehiclesFailed(), p.getVehiclesReached()),
                    p.getVehiclesSucceeded() + p.getVehiclesFailed(), p.getVehiclesReached(), p.getVehiclesFailed(), p.getVehiclesInProgress(),
                    Formats.enumName(p.getState(), "STAGE_STATE_"));
        }
        out.flush();
    }

    /** "[#####-----]": {@code done} of {@code total}. */
    static String bar(long done, long total) {
        int filled = total == 0 ? 0 : (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    /** A dry run: vehicles per stage, then the selected vehicles the rollout could not reach, by cause. */
    public static void reach(Rollout r, DryRunRolloutResponse reach, PrintWriter out) {
        out.println(r.getName() + " \"" + r.getDisplayName() + "\" would reach, over today's fleet:");
        TextTable t = new TextTable("STAGE", "PERCENT", "VEHICLES");
        for (StageReach stage : reach.getStagesList()) {
            int bp = stage.getStage() < r.getStagesCount() ? r.getStages(stage.getStage()).getPercentageBp() : 0;
            t.row(stage.getStage() + 1, Formats.percent(bp), stage.getVehicles());
        }
        t.print(out);
        out.println();
        out.println("selected:                              " + reach.getVehiclesSelected());
        out.println("blocked, incompatible hardware:        " + reach.getBlockedIncompatibleHardware());
        out.println("blocked, already on the release:       " + reach.getBlockedAlreadyCurrent());
        out.println("blocked, held by another live rollout: " + reach.getBlockedByOtherRollout());
        out.flush();
    }

    public static void events(List<RolloutEvent> events, PrintWriter out) {
        TextTable t = new TextTable("#", "TIME", "FROM", "TO", "STAGE", "ACTOR", "REASON");
        for (RolloutEvent e : events) {
            t.row(e.getSequence(), Formats.time(e.getTime()), Formats.enumName(e.getFromState(), "ROLLOUT_STATE_"),
                    Formats.enumName(e.getToState(), "ROLLOUT_STATE_"), e.getStage() + 1,
                    Formats.enumName(e.getActorKind(), "ACTOR_KIND_").toLowerCase() + ":" + e.getActor(), e.getReason());
        }
        t.print(out);
    }
}
