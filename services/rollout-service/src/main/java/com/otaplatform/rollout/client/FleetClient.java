package com.otaplatform.rollout.client;

import com.google.protobuf.Timestamp;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.fleet.v1.EstimateRolloutReachRequest;
import com.otaplatform.fleet.v1.EstimateRolloutReachResponse;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.ReachTarget;
import com.otaplatform.rollout.Rollout;
import com.otaplatform.rollout.RolloutReach;
import com.otaplatform.rollout.Stage;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Asks checkin-service, which holds the fleet, what a rollout would reach. */
@ApplicationScoped
public class FleetClient {

    @GrpcClient("fleet")
    FleetServiceGrpc.FleetServiceBlockingStub fleet;

    /** The reach of {@code rollout} over today's fleet and live rollouts. */
    public RolloutReach estimate(Rollout rollout) {
        var request = EstimateRolloutReachRequest.newBuilder()
                .setRollout(rollout.name())
                .setSelector(rollout.selector())
                .addAllStagePercentagesBp(rollout.percentagesBp())
                .addAllStageMaxVehicles(rollout.stages().stream().map(Stage::maxVehicles).toList())
                .setPriority(rollout.priority())
                .setCreateTime(Timestamp.newBuilder().setSeconds(rollout.createdAt().getEpochSecond()).setNanos(rollout.createdAt().getNano()));
        rollout.targets().forEach(target -> request.addTargets(ReachTarget.newBuilder()
                .setEcu(EcuSelector.newBuilder().setEcu(target.ecu()).setHardwareId(target.hardwareId())).setSha256(target.sha256())));
        EstimateRolloutReachResponse reach;
        try {
            reach = fleet.estimateRolloutReach(request.build());
        } catch (StatusRuntimeException e) {
            throw ApiException.unavailable("checkin-service could not estimate the reach of " + rollout.name() + ": " + e.getStatus(), e);
        }
        return new RolloutReach(reach.getVehiclesSelected(), reach.getStageVehiclesList(), reach.getBlockedIncompatibleHardware(),
                reach.getBlockedAlreadyCurrent(), reach.getBlockedByOtherRollout());
    }
}
