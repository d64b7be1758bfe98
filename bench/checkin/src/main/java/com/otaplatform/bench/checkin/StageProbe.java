package com.otaplatform.bench.checkin;

import com.otaplatform.common.Bucketing;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** One vehicle that checks in until a rollout reaches it, as the first vehicle of a new rollout's stage 1 would. */
final class StageProbe {
    private StageProbe() {
    }

    /** The first vehicle from {@code from} on whose bucket puts it in the rollout's first stage. */
    static long firstInStageOne(UUID rollout, List<Integer> stagePercentagesBp, long from) {
        for (long i = from; ; i++) {
            if (Bucketing.stageOf(Bucketing.bucket(rollout, Fleet.vin(i)), stagePercentagesBp) == 0) {
                return i;
            }
        }
    }

    /** Checks vehicle {@code i} in until its answer assigns {@code rollout}; returns the check-ins it took. Fails after {@code timeoutMillis}. */
    static int awaitAssignment(VehicleServiceGrpc.VehicleServiceBlockingStub vehicles, long i, UUID rollout, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String name = "rollouts/" + rollout;
        for (int checkIns = 1; ; checkIns++) {
            var response = vehicles.withDeadlineAfter(30, TimeUnit.SECONDS).checkIn(VehicleCalls.checkIn(i));
            if (response.getAssignment().getRollout().equals(name)) {
                return checkIns;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("vehicle " + Fleet.vin(i) + " was not assigned " + name + " within " + timeoutMillis + " ms");
            }
        }
    }
}
