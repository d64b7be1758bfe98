package com.otaplatform.rollout.mapping;

import com.google.protobuf.Timestamp;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Bucketing;
import com.otaplatform.common.Fields;
import com.otaplatform.common.MaintenanceWindow;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.rollout.GateAction;
import com.otaplatform.rollout.Rollout;
import com.otaplatform.rollout.RolloutEvent;
import com.otaplatform.rollout.RolloutReach;
import com.otaplatform.rollout.RolloutTarget;
import com.otaplatform.rollout.StageProgress;
import com.otaplatform.rollout.v1.CreateRolloutRequest;
import com.otaplatform.rollout.v1.DryRunRolloutResponse;
import com.otaplatform.rollout.v1.StageReach;
import com.otaplatform.rollout.v1.Gate;
import com.otaplatform.rollout.v1.InstallPolicy;
import com.otaplatform.rollout.v1.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps rollout-service protos to domain types and back, checking every input field. */
public final class RolloutMapper {
    private static final int MAX_STAGES = 20;
    private static final int MAX_WINDOWS = 16;
    private static final Duration MAX_SOAK = Duration.ofDays(30);

    private RolloutMapper() {
    }

    /** The stages of a create request: strictly increasing shares, the last one 100%, each with an optional gate. */
    public static List<com.otaplatform.rollout.Stage> toStages(CreateRolloutRequest request) {
        Bucketing.requireStages("stages", "stages[%d].percentage_bp",
                request.getStagesList().stream().map(Stage::getPercentageBp).toList(), MAX_STAGES);
        List<com.otaplatform.rollout.Stage> stages = new ArrayList<>();
        for (int i = 0; i < request.getStagesCount(); i++) {
            Stage stage = request.getStages(i);
            String field = "stages[" + i + "]";
            if (stage.getMaxVehicles() < 0) {
                throw ApiException.invalidField(field + ".max_vehicles", "must not be negative (0 means no cap)");
            }
            stages.add(new com.otaplatform.rollout.Stage(stage.getPercentageBp(), stage.getMaxVehicles(),
                    stage.hasGate() ? toGate(field + ".gate", stage.getGate()) : null));
        }
        return List.copyOf(stages);
    }

    /** The install policy of a create request: battery 0..100, no negative size, each window checked. */
    public static com.otaplatform.common.InstallPolicy toInstallPolicy(InstallPolicy policy) {
        if (policy.getMinBatteryPercent() < 0 || policy.getMinBatteryPercent() > 100) {
            throw ApiException.invalidField("install_policy.min_battery_percent", "must be between 0 and 100, got " + policy.getMinBatteryPercent());
        }
        if (policy.getWifiOnlyAboveBytes() < 0) {
            throw ApiException.invalidField("install_policy.wifi_only_above_bytes", "must not be negative (0 means never)");
        }
        if (policy.getMaintenanceWindowsCount() > MAX_WINDOWS) {
            throw ApiException.invalidField("install_policy.maintenance_windows", "has more than " + MAX_WINDOWS + " windows");
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (int i = 0; i < policy.getMaintenanceWindowsCount(); i++) {
            var window = policy.getMaintenanceWindows(i);
            windows.add(MaintenanceWindow.parse("install_policy.maintenance_windows[" + i + "]", window.getCron(),
                    Duration.ofSeconds(window.getDuration().getSeconds(), window.getDuration().getNanos()), window.getTimeZone()));
        }
        return new com.otaplatform.common.InstallPolicy(policy.getRequireParked(), policy.getMinBatteryPercent(),
                policy.getWifiOnlyAboveBytes(), List.copyOf(windows));
    }

    private static com.otaplatform.rollout.Gate toGate(String field, Gate gate) {
        if (gate.getMinVehiclesReported() < 0) {
            throw ApiException.invalidField(field + ".min_vehicles_reported", "must not be negative");
        }
        if (gate.getMaxFailureRateBp() < 0 || gate.getMaxFailureRateBp() > 10_000) {
            throw ApiException.invalidField(field + ".max_failure_rate_bp", "must be between 0 and 10000 (100%)");
        }
        Duration soak = Duration.ofSeconds(gate.getSoakTime().getSeconds(), gate.getSoakTime().getNanos());
        if (soak.isNegative() || soak.compareTo(MAX_SOAK) > 0) {
            throw ApiException.invalidField(field + ".soak_time", "must be between 0 and " + MAX_SOAK.toDays() + " days");
        }
        GateAction action = switch (gate.getOnFailure()) {
            case GATE_ACTION_UNSPECIFIED, GATE_ACTION_PAUSE -> GateAction.PAUSE;
            case GATE_ACTION_ABORT -> GateAction.ABORT;
            default -> throw ApiException.invalidField(field + ".on_failure", "must be GATE_ACTION_PAUSE or GATE_ACTION_ABORT");
        };
        return new com.otaplatform.rollout.Gate(gate.getMinVehiclesReported(), gate.getMaxFailureRateBp(), soak, action);
    }

    public static com.otaplatform.rollout.v1.Rollout toProto(Rollout rollout) {
        var proto = com.otaplatform.rollout.v1.Rollout.newBuilder()
                .setName(Fields.resourceName("rollouts", rollout.id()))
                .setDisplayName(rollout.displayName())
                .setRelease(rollout.release())
                .setSelector(rollout.selector())
                .setState(com.otaplatform.rollout.v1.RolloutState.valueOf("ROLLOUT_STATE_" + rollout.state().name()))
                .setCurrentStage(rollout.currentStage())
                .setCreatedBy(rollout.createdBy())
                .setCreateTime(timestamp(rollout.createdAt()))
                .setUpdateTime(timestamp(rollout.updatedAt()))
                .setPriority(rollout.priority())
                .setRevision(rollout.revision());
        if (rollout.rollbackOf() != null) {
            proto.setRollbackOf(Fields.resourceName("rollouts", rollout.rollbackOf()));
        }
        rollout.stages().forEach(stage -> proto.addStages(toProto(stage)));
        rollout.progress().forEach(progress -> proto.addProgress(toProto(progress)));
        rollout.targets().forEach(target -> proto.addTargets(toProto(target)));
        proto.setInstallPolicy(toProto(rollout.installPolicy()));
        return proto.build();
    }

    private static Stage toProto(com.otaplatform.rollout.Stage stage) {
        Stage.Builder proto = Stage.newBuilder().setPercentageBp(stage.percentageBp()).setMaxVehicles(stage.maxVehicles());
        com.otaplatform.rollout.Gate gate = stage.gate();
        if (gate != null) {
            proto.setGate(Gate.newBuilder()
                    .setMinVehiclesReported(gate.minVehiclesReported())
                    .setMaxFailureRateBp(gate.maxFailureRateBp())
                    .setSoakTime(duration(gate.soakTime()))
                    .setOnFailure(gate.onFailure() == GateAction.ABORT ? com.otaplatform.rollout.v1.GateAction.GATE_ACTION_ABORT
                            : com.otaplatform.rollout.v1.GateAction.GATE_ACTION_PAUSE));
        }
        return proto.build();
    }

    private static InstallPolicy toProto(com.otaplatform.common.InstallPolicy policy) {
        var proto = InstallPolicy.newBuilder().setRequireParked(policy.requireParked()).setMinBatteryPercent(policy.minBatteryPercent())
                .setWifiOnlyAboveBytes(policy.wifiOnlyAboveBytes());
        policy.maintenanceWindows().forEach(window -> proto.addMaintenanceWindows(com.otaplatform.rollout.v1.MaintenanceWindow.newBuilder()
                .setCron(window.cron()).setDuration(duration(window.duration())).setTimeZone(window.timeZone())));
        return proto.build();
    }

    private static com.google.protobuf.Duration duration(Duration duration) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }

    private static com.otaplatform.rollout.v1.StageProgress toProto(StageProgress progress) {
        var proto = com.otaplatform.rollout.v1.StageProgress.newBuilder()
                .setState(com.otaplatform.rollout.v1.StageState.valueOf("STAGE_STATE_" + progress.state().name()))
                .setVehiclesReached(progress.reached())
                .setVehiclesSucceeded(progress.succeeded())
                .setVehiclesFailed(progress.failed())
                .setVehiclesInProgress(progress.inProgress())
                .setFailureRateBp(progress.failureRateBp());
        if (progress.startedAt() != null) {
            proto.setStartTime(timestamp(progress.startedAt()));
        }
        return proto.build();
    }

    private static com.otaplatform.rollout.v1.RolloutTarget toProto(RolloutTarget target) {
        return com.otaplatform.rollout.v1.RolloutTarget.newBuilder()
                .setEcu(EcuSelector.newBuilder().setEcu(target.ecu()).setHardwareId(target.hardwareId()))
                .setArtifact(target.artifact())
                .setDigests(Digests.newBuilder().setSha256(target.sha256()).setSha512(target.sha512()).setLength(target.length()))
                .setVersion(target.version())
                .setTargetName(target.targetName())
                .setReleaseCounter(target.releaseCounter())
                .build();
    }

    public static DryRunRolloutResponse toProto(RolloutReach reach) {
        var proto = DryRunRolloutResponse.newBuilder()
                .setVehiclesSelected(reach.selected())
                .setBlockedIncompatibleHardware(reach.incompatibleHardware())
                .setBlockedAlreadyCurrent(reach.alreadyCurrent())
                .setBlockedByOtherRollout(reach.heldByOther());
        for (int stage = 0; stage < reach.stageVehicles().size(); stage++) {
            proto.addStages(StageReach.newBuilder().setStage(stage).setVehicles(reach.stageVehicles().get(stage)));
        }
        return proto.build();
    }

    public static com.otaplatform.rollout.v1.RolloutEvent toProto(RolloutEvent event) {
        return com.otaplatform.rollout.v1.RolloutEvent.newBuilder()
                .setSequence(event.sequence())
                .setRollout(Fields.resourceName("rollouts", event.rollout()))
                .setFromState(com.otaplatform.rollout.v1.RolloutState.valueOf("ROLLOUT_STATE_" + event.fromState().name()))
                .setToState(com.otaplatform.rollout.v1.RolloutState.valueOf("ROLLOUT_STATE_" + event.toState().name()))
                .setStage(event.stage())
                .setActorKind(com.otaplatform.rollout.v1.ActorKind.valueOf("ACTOR_KIND_" + event.actorKind().name()))
                .setActor(event.actor())
                .setReason(event.reason())
                .setTime(timestamp(event.at()))
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
