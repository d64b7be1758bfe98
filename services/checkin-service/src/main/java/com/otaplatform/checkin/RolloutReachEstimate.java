package com.otaplatform.checkin;

import com.otaplatform.checkin.client.LiveRolloutView;
import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.Bucketing;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rollout that is not live yet would reach, vehicle by vehicle over the whole fleet, decided
 * as check-in decides: the same selector, fit, bucketing and precedence over the live rollouts.
 */
@ApplicationScoped
public class RolloutReachEstimate {
    private final Database db;
    private final VehicleRepository vehicles;
    private final LiveRolloutView liveRollouts;

    /** The counts: vehicles selected, reached per stage (cumulative), and blocked, by cause. */
    public record Reach(long selected, List<Long> stageVehicles, long incompatibleHardware, long alreadyCurrent, long heldByOther) {
    }

    RolloutReachEstimate(AgroalDataSource dataSource, VehicleRepository vehicles, LiveRolloutView liveRollouts) {
        this.db = new Database(dataSource);
        this.vehicles = vehicles;
        this.liveRollouts = liveRollouts;
    }

    /** Counts what {@code rollout} would reach if it were live at its last stage now, each stage up to its cap. */
    public Reach estimate(LiveRollout rollout) {
        List<LiveRollout> live = liveRollouts.live();
        long[] firstStage = new long[rollout.stagePercentagesBp().size()];
        long[] blocked = new long[4]; // selected, incompatible, current, held
        db.inTransaction(c -> {
            vehicles.forEach(c, vehicle -> {
                RolloutFit fit = RolloutFit.of(vehicle, rollout);
                if (!fit.selected()) {
                    return;
                }
                blocked[0]++;
                if (!fit.compatible()) {
                    blocked[1]++;
                } else if (fit.pending().isEmpty()) {
                    blocked[2]++;
                } else if (new RolloutClaims(c, vehicles, vehicle).heldByOther(rollout, live)) {
                    blocked[3]++;
                } else {
                    firstStage[Bucketing.stageOf(Bucketing.bucket(rollout.id(), vehicle.vin()), rollout.stagePercentagesBp())]++;
                }
            });
            return null;
        });
        List<Long> cumulative = new ArrayList<>();
        long sum = 0;
        for (int stage = 0; stage < firstStage.length; stage++) {
            long cap = rollout.stages().get(stage).maxVehicles();
            sum += cap > 0 ? Math.min(cap, firstStage[stage]) : firstStage[stage];
            cumulative.add(sum);
        }
        return new Reach(blocked[0], List.copyOf(cumulative), blocked[1], blocked[2], blocked[3]);
    }
}
