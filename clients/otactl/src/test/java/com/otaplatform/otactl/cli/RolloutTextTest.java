package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.RolloutText;
import com.otaplatform.rollout.v1.DryRunRolloutResponse;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageReach;
import com.otaplatform.rollout.v1.StageState;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutTextTest {
    private static Rollout rollout() {
        Gate gate = Gate.newBuilder().setMaxFailureRateBp(200).setMinVehiclesReported(1)
                .setSoakTime(com.google.protobuf.Duration.newBuilder().setSeconds(600)).build();
        return Rollout.newBuilder()
                .setName("rollouts/r1").setDisplayName("adas fall").setRelease("releases/rel1")
                .setState(RolloutState.ROLLOUT_STATE_RUNNING).setCurrentStage(1)
                .addStages(Stage.newBuilder().setPercentageBp(100).setMaxVehicles(50).setGate(gate))
                .addStages(Stage.newBuilder().setPercentageBp(10000).setGate(gate))
                .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_PASSED).setVehiclesReached(1).setVehiclesSucceeded(1))
                .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_ACTIVE).setVehiclesReached(9)
                        .setVehiclesSucceeded(5).setVehiclesFailed(1).setVehiclesInProgress(3).setFailureRateBp(1667))
                .build();
    }

    @Test
    void statusShowsStagesAndSummary() {
        StringWriter text = new StringWriter();
        RolloutText.status(rollout(), new PrintWriter(text));
        assertThat(text.toString())
                .startsWith("rollouts/r1 \"adas fall\": RUNNING, stage 2 of 2")
                .containsPattern(" 1\\s+1%\\s+50\\s+PASSED\\s+1\\s+1\\s+0\\s+0\\s+0%")
                .containsPattern("\\*2\\s+100%\\s+-\\s+ACTIVE\\s+9\\s+5\\s+1\\s+3\\s+16.67%\\s+max 2% failed, min 1 reported, soak 10m")
                .contains("6 of 10 vehicles succeeded (1 failed, 3 in progress)");
    }

    @Test
    void dryRunShowsReachPerStageAndTheBlockedByCause() {
        DryRunRolloutResponse reach = DryRunRolloutResponse.newBuilder().setVehiclesSelected(120)
                .addStages(StageReach.newBuilder().setStage(0).setVehicles(1)).addStages(StageReach.newBuilder().setStage(1).setVehicles(100))
                .setBlockedIncompatibleHardware(7).setBlockedAlreadyCurrent(12).setBlockedByOtherRollout(1).build();
        StringWriter text = new StringWriter();
        RolloutText.reach(rollout(), reach, new PrintWriter(text));
        assertThat(text.toString())
                .startsWith("rollouts/r1 \"adas fall\" would reach, over today's fleet:")
                .containsPattern("(?m)^\\s*1\\s+1%\\s+1\\s*$")
                .containsPattern("(?m)^\\s*2\\s+100%\\s+100\\s*$")
                .containsPattern("(?m)^selected:\\s+120$")
                .containsPattern("(?m)incompatible hardware:\\s+7$")
                .containsPattern("(?m)already on the release:\\s+12$")
                .containsPattern("(?m)held by another live rollout:\\s+1$");
    }

    @Test
    void oneVehicle() {
        Rollout r = Rollout.newBuilder().addStages(Stage.newBuilder().setPercentageBp(10000))
                .addProgress(StageProgress.newBuilder().setVehiclesReached(1).setVehiclesSucceeded(1)).build();
        assertThat(RolloutText.summary(r)).startsWith("1 of 1 vehicles succeeded");
    }

    @Test
    void jsonIncludesZeroCounters() {
        String json = ProtoJson.print(rollout().toBuilder().setProgress(0, StageProgress.newBuilder().setVehiclesReached(0)).build());
        assertThat(json).contains("\"vehiclesFailed\": \"0\"").contains("\"percentageBp\": 100");
    }
}
