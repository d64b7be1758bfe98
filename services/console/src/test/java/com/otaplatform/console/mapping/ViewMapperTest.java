package com.otaplatform.console.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.otaplatform.console.RolloutView;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.GateAction;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutState;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageState;
import org.junit.jupiter.api.Test;

class ViewMapperTest {

    @Test
    void shouldMapARolloutWithStagesGatesAndTotals() {
        Rollout proto = Rollout.newBuilder().setName("rollouts/abc").setDisplayName("r").setState(RolloutState.ROLLOUT_STATE_PAUSED)
                .setCurrentStage(1)
                .addStages(Stage.newBuilder().setPercentageBp(500).setGate(Gate.newBuilder().setMaxFailureRateBp(200)
                        .setMinVehiclesReported(10).setSoakTime(Duration.newBuilder().setSeconds(600)).setOnFailure(GateAction.GATE_ACTION_ABORT)))
                .addStages(Stage.newBuilder().setPercentageBp(10_000))
                .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_PASSED).setVehiclesReached(10)
                        .setVehiclesSucceeded(9).setVehiclesFailed(1).setFailureRateBp(1000))
                .addProgress(StageProgress.newBuilder().setState(StageState.STAGE_STATE_ACTIVE).setVehiclesReached(5).setVehiclesInProgress(5))
                .build();

        RolloutView view = ViewMapper.toView(proto);

        assertThat(view.id()).isEqualTo("abc");
        assertThat(view.state()).isEqualTo("PAUSED");
        assertThat(view.stages()).extracting(s -> s.state()).containsExactly("PASSED", "ACTIVE");
        assertThat(view.stages().get(0).gate().onFailure()).isEqualTo("ABORT");
        assertThat(view.stages().get(0).gate().soakSeconds()).isEqualTo(600);
        assertThat(view.stages().get(1).gate()).isNull();
        assertThat(view.stages().get(1).startTime()).isNull();
        assertThat(view.totals()).isEqualTo(new RolloutView.Totals(15, 9, 1, 5));
        assertThat(view.createTime()).isNull();
    }

    @Test
    void shouldTreatMissingProgressAsPending() {
        RolloutView view = ViewMapper.toView(Rollout.newBuilder().setName("rollouts/x").addStages(Stage.newBuilder().setPercentageBp(10_000)).build());
        assertThat(view.stages().get(0).state()).isEqualTo("PENDING");
        assertThat(view.state()).isEqualTo("UNSPECIFIED");
    }
}
