package com.otaplatform.bench.checkin;

import com.otaplatform.common.Bucketing;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** One vehicle that checks in until a rollout reaches it, as the first vehicle of a new rollout's stage 1 would. */
final class StageProbe implements AutoCloseable {
    private final VehicleCalls.Caller vehicle;
    private final ManagedChannel channel;
    private String nonce = "";
    private final VehicleServiceGrpc.VehicleServiceBlockingStub stub;

    /** Provisions vehicle {@code i} and checks it in once, so that its connection is up before anything is timed. */
    StageProbe(BenchPlatform platform, long i) {
        this.vehicle = platform.provision(i);
        this.channel = VehicleCalls.channel(platform.vehicleEndpoint(), vehicle);
        this.stub = VehicleServiceGrpc.newBlockingStub(channel);
        checkIn();
    }

    /** The first vehicle from {@code from} on whose bucket puts it in the rollout's first stage. */
    static long firstInStageOne(UUID rollout, List<Integer> stagePercentagesBp, long from) {
        for (long i = from; ; i++) {
            if (Bucketing.stageOf(Bucketing.bucket(rollout, Fleet.vin(i)), stagePercentagesBp) == 0) {
                return i;
            }
        }
    }

    /** Checks in until the answer assigns {@code rollout}; returns the check-ins it took. Fails after {@code timeoutMillis}. */
    int awaitAssignment(UUID rollout, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String name = "rollouts/" + rollout;
        for (int checkIns = 1; ; checkIns++) {
            if (checkIn().getAssignment().getRollout().equals(name)) {
                return checkIns;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("vehicle " + Fleet.vin(vehicle.index()) + " was not assigned " + name + " within " + timeoutMillis + " ms");
            }
        }
    }

    private CheckInResponse checkIn() {
        CheckInResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).checkIn(VehicleCalls.checkIn(vehicle, nonce));
        nonce = response.getNonce();
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        TestChannels.close(channel);
    }
}
