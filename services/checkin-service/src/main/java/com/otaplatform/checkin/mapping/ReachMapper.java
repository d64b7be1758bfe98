package com.otaplatform.checkin.mapping;

import com.otaplatform.checkin.LiveRollout;
import com.otaplatform.checkin.RolloutReachEstimate;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Bucketing;
import com.otaplatform.common.Fields;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.Selector;
import com.otaplatform.fleet.v1.EstimateRolloutReachRequest;
import com.otaplatform.fleet.v1.EstimateRolloutReachResponse;
import com.otaplatform.fleet.v1.ReachTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Maps reach estimates: the rollout of a request, checked field by field, and the counts back. */
public final class ReachMapper {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_STAGES = 20;
    private static final int MAX_TARGETS = 128;

    private ReachMapper() {
    }

    /** The rollout to estimate, as check-in would hold it live at its last stage. */
    public static LiveRollout toRollout(EstimateRolloutReachRequest request) {
        var id = Fields.resourceId("rollout", request.getRollout(), "rollouts");
        Selector selector = Selector.parse("selector", request.getSelector());
        List<Integer> stages = Bucketing.requireStages("stage_percentages_bp", "stage_percentages_bp[%d]",
                request.getStagePercentagesBpList(), MAX_STAGES);
        if (request.getTargetsCount() == 0 || request.getTargetsCount() > MAX_TARGETS) {
            throw ApiException.invalidField("targets", "needs 1 to " + MAX_TARGETS + " images, got " + request.getTargetsCount());
        }
        List<LiveRollout.Target> targets = new ArrayList<>();
        for (int i = 0; i < request.getTargetsCount(); i++) {
            ReachTarget target = request.getTargets(i);
            String field = "targets[" + i + "]";
            String sha256 = target.getSha256();
            if (!SHA256.matcher(sha256).matches()) {
                throw ApiException.invalidField(field + ".sha256", "must be 64 lower-case hex digits");
            }
            targets.add(new LiveRollout.Target(Fields.required(field + ".ecu.ecu", target.getEcu().getEcu(), 128),
                    Fields.required(field + ".ecu.hardware_id", target.getEcu().getHardwareId(), 128), sha256, "", 0, "", "", 0));
        }
        if (request.getStageMaxVehiclesCount() != 0 && request.getStageMaxVehiclesCount() != stages.size()) {
            throw ApiException.invalidField("stage_max_vehicles", "needs one cap per stage (" + stages.size() + ") or none, got "
                    + request.getStageMaxVehiclesCount());
        }
        List<LiveRollout.Stage> caps = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            long cap = request.getStageMaxVehiclesCount() == 0 ? 0 : request.getStageMaxVehicles(i);
            if (cap < 0) {
                throw ApiException.invalidField("stage_max_vehicles[" + i + "]", "must not be negative (0 means no cap)");
            }
            caps.add(new LiveRollout.Stage(cap, 0));
        }
        Instant created = Instant.ofEpochSecond(request.getCreateTime().getSeconds(), request.getCreateTime().getNanos());
        return new LiveRollout(id, selector, stages, stages.size() - 1, true, List.copyOf(targets), request.getPriority(), created,
                List.copyOf(caps), InstallPolicy.NONE);
    }

    public static EstimateRolloutReachResponse toProto(RolloutReachEstimate.Reach reach) {
        return EstimateRolloutReachResponse.newBuilder()
                .setVehiclesSelected(reach.selected())
                .addAllStageVehicles(reach.stageVehicles())
                .setBlockedIncompatibleHardware(reach.incompatibleHardware())
                .setBlockedAlreadyCurrent(reach.alreadyCurrent())
                .setBlockedByOtherRollout(reach.heldByOther())
                .build();
    }
}
