package com.otaplatform.console.mapping;

import com.google.protobuf.Timestamp;
import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.console.ArtifactView;
import com.otaplatform.console.ReachView;
import com.otaplatform.console.ReleaseView;
import com.otaplatform.console.RolloutEventView;
import com.otaplatform.console.RolloutView;
import com.otaplatform.console.StageView;
import com.otaplatform.console.VehicleEventView;
import com.otaplatform.console.VehicleView;
import com.otaplatform.console.VersionCountView;
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.fleet.v1.VersionCount;
import com.otaplatform.rollout.v1.DryRunRolloutResponse;
import com.otaplatform.rollout.v1.Rollout;
import com.otaplatform.rollout.v1.RolloutEvent;
import com.otaplatform.rollout.v1.Stage;
import com.otaplatform.rollout.v1.StageProgress;
import com.otaplatform.rollout.v1.StageReach;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/** Maps the services' protos to the console's views; nothing outside client/ sees a proto. */
public final class ViewMapper {
    private ViewMapper() {
    }

    public static RolloutView toView(Rollout rollout) {
        List<StageView> stages = new ArrayList<>();
        long reached = 0;
        long succeeded = 0;
        long failed = 0;
        long inProgress = 0;
        for (int i = 0; i < rollout.getStagesCount(); i++) {
            Stage stage = rollout.getStages(i);
            StageProgress progress = i < rollout.getProgressCount() ? rollout.getProgress(i) : StageProgress.getDefaultInstance();
            StageView.GateView gate = stage.hasGate() ? new StageView.GateView(stage.getGate().getMinVehiclesReported(),
                    stage.getGate().getMaxFailureRateBp(), stage.getGate().getSoakTime().getSeconds(),
                    suffix(stage.getGate().getOnFailure().name(), "GATE_ACTION_", "PAUSE")) : null;
            stages.add(new StageView(i, stage.getPercentageBp(), suffix(progress.getState().name(), "STAGE_STATE_", "PENDING"),
                    progress.getVehiclesReached(), progress.getVehiclesSucceeded(), progress.getVehiclesFailed(),
                    progress.getVehiclesInProgress(), progress.getFailureRateBp(),
                    progress.hasStartTime() ? instant(progress.getStartTime()) : null, gate));
            reached += progress.getVehiclesReached();
            succeeded += progress.getVehiclesSucceeded();
            failed += progress.getVehiclesFailed();
            inProgress += progress.getVehiclesInProgress();
        }
        List<RolloutView.TargetView> targets = rollout.getTargetsList().stream()
                .map(t -> new RolloutView.TargetView(t.getEcu().getEcu(), t.getEcu().getHardwareId(), t.getArtifact(), t.getVersion(),
                        t.getDigests().getSha256(), t.getDigests().getLength()))
                .toList();
        return new RolloutView(rollout.getName(), id(rollout.getName()), rollout.getDisplayName(), rollout.getRelease(),
                rollout.getSelector(), suffix(rollout.getState().name(), "ROLLOUT_STATE_", "UNSPECIFIED"), rollout.getCurrentStage(),
                List.copyOf(stages), new RolloutView.Totals(reached, succeeded, failed, inProgress), targets, rollout.getCreatedBy(),
                instantOrNull(rollout.hasCreateTime(), rollout.getCreateTime()),
                instantOrNull(rollout.hasUpdateTime(), rollout.getUpdateTime()), rollout.getRevision(), rollout.getRollbackOf());
    }

    public static RolloutEventView toView(RolloutEvent event) {
        return new RolloutEventView(event.getSequence(), suffix(event.getFromState().name(), "ROLLOUT_STATE_", ""),
                suffix(event.getToState().name(), "ROLLOUT_STATE_", ""), event.getStage(),
                suffix(event.getActorKind().name(), "ACTOR_KIND_", ""), event.getActor(), event.getReason(),
                instantOrNull(event.hasTime(), event.getTime()));
    }

    public static ReleaseView toView(Release release) {
        List<ReleaseView.ReleaseArtifactView> artifacts = release.getArtifactsList().stream()
                .map(a -> new ReleaseView.ReleaseArtifactView(a.getEcu(), a.getArtifact(), a.hasDetails() ? toView(a.getDetails()) : null))
                .toList();
        return new ReleaseView(release.getName(), id(release.getName()), release.getDisplayName(),
                suffix(release.getState().name(), "RELEASE_STATE_", "UNSPECIFIED"), release.getNotes(), release.getSupersedes(),
                release.getCreatedBy(), instantOrNull(release.hasCreateTime(), release.getCreateTime()), release.getTargetsVersion(), artifacts);
    }

    public static ArtifactView toView(Artifact artifact) {
        var spec = artifact.getSpec();
        List<ArtifactView.EcuTarget> targets = spec.getTargetsList().stream()
                .map(t -> new ArtifactView.EcuTarget(t.getEcu(), t.getHardwareId())).toList();
        return new ArtifactView(artifact.getName(), id(artifact.getName()), suffix(spec.getKind().name(), "ARTIFACT_KIND_", "UNSPECIFIED"),
                spec.getVersion(), spec.getFileName(), spec.getReleaseCounter(), targets, artifact.getDigests().getSha256(),
                artifact.getDigests().getSha512(), artifact.getDigests().getLength(), spec.getProvenance().getCiJob(),
                spec.getProvenance().getCommit(), spec.getProvenance().getUploadedBy(), new TreeMap<>(spec.getLabelsMap()),
                instantOrNull(artifact.hasCreateTime(), artifact.getCreateTime()));
    }

    public static VehicleView toView(Vehicle vehicle) {
        List<VehicleView.EcuView> ecus = vehicle.getEcusList().stream()
                .map(e -> new VehicleView.EcuView(e.getEcuSerial(), e.getEcu(), e.getHardwareId(), e.getInstalledVersion(),
                        e.getInstalledTarget(), e.getPrimary()))
                .toList();
        return new VehicleView(vehicle.getName(), vehicle.getVin(), Collections.unmodifiableMap(new TreeMap<>(vehicle.getAttributesMap())), ecus,
                instantOrNull(vehicle.hasLastSeenTime(), vehicle.getLastSeenTime()),
                instantOrNull(vehicle.hasCreateTime(), vehicle.getCreateTime()));
    }

    public static VehicleEventView toView(VehicleEvent event) {
        var e = event.getEvent();
        return new VehicleEventView(event.getSequence(), e.getRollout(), suffix(e.getPhase().name(), "UPDATE_PHASE_", ""),
                e.getEcuSerial(), e.getErrorCode(), e.getMessage(), instantOrNull(e.hasOccurTime(), e.getOccurTime()),
                instantOrNull(event.hasReceiveTime(), event.getReceiveTime()));
    }

    public static ReachView toView(DryRunRolloutResponse reach) {
        return new ReachView(reach.getVehiclesSelected(), reach.getStagesList().stream().map(StageReach::getVehicles).toList(),
                reach.getBlockedIncompatibleHardware(), reach.getBlockedAlreadyCurrent(), reach.getBlockedByOtherRollout());
    }

    public static VersionCountView toView(VersionCount count) {
        return new VersionCountView(count.getVersion(), count.getVehicles());
    }

    /** The id part of a resource name: "rollouts/abc" gives "abc". */
    public static String id(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    // Enum names without their proto prefix: ROLLOUT_STATE_RUNNING reads RUNNING in the page.
    private static String suffix(String name, String prefix, String unset) {
        if (name.endsWith("_UNSPECIFIED") || name.equals("UNRECOGNIZED")) {
            return unset;
        }
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    private static Instant instantOrNull(boolean present, Timestamp timestamp) {
        return present ? instant(timestamp) : null;
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
