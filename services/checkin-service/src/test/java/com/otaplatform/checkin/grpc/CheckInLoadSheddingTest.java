package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.VehicleManifest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(CheckInLoadSheddingTest.TwoInFlight.class)
class CheckInLoadSheddingTest {

    /** A check-in service that serves two vehicle calls at once. */
    public static class TwoInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ota.checkin.max-in-flight", "2", "ota.checkin.shed-retry-after", "1S");
        }
    }

    @Test
    void shouldShedAStormWithRetryHintsAndKeepServing() throws Exception {
        var fleet = new TestVehicles();
        String vin = TestVehicles.nextVin();
        var vehicle = fleet.newVehicle(vin);
        // every call of the storm answers the same nonce: the one not shed first is recorded, later ones are replays
        var request = vehicle.request(TestVehicle.createDefaultReport());
        ExecutorService storm = Executors.newFixedThreadPool(32);
        List<Future<Status>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(storm.submit((Callable<Status>) () -> {
                try {
                    vehicle.checkIn(request);
                    return Status.OK;
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                        RetryInfo hint = StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class);
                        assertThat(hint.getRetryDelay().getSeconds()).isBetween(1L, 2L);
                    }
                    return e.getStatus();
                }
            }));
        }
        List<Status.Code> outcomes = new ArrayList<>();
        for (Future<Status> call : calls) {
            outcomes.add(call.get().getCode());
        }
        storm.shutdown();

        assertThat(outcomes).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION);
        assertThat(outcomes).contains(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(outcomes).filteredOn(Status.Code.OK::equals).hasSize(1);
        // the storm is over: the service answers normally again
        assertThat(vehicle.checkIn(TestVehicle.createDefaultReport()).getNonce()).isNotBlank();
        fleet.close();
    }
}
