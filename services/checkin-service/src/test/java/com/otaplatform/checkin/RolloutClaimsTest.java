package com.otaplatform.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.Database;
import com.otaplatform.common.InstallPolicy;
import com.otaplatform.common.Selector;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RolloutClaimsTest {
    private static final Instant EARLIER = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-02T00:00:00Z");
    private static final Vehicle DEFAULT_VEHICLE = new Vehicle("LSVCLA" + String.format("%011d", System.nanoTime() % 100_000_000_000L),
            Map.of("model", "SU7"), List.of(new Ecu("ADAS-1", "adas-main", "adas-v3", "2.4.0", "adas-2.4.0.img", "c".repeat(64), true),
            new Ecu("TCU-1", "tcu", "tcu-v1", "1.0.0", "tcu-1.0.0.img", "d".repeat(64), false)), Instant.now(), Instant.now());

    @Inject
    AgroalDataSource dataSource;
    @Inject
    VehicleRepository vehicles;

    private static LiveRollout rollout(String ecu, String hardwareId, int priority, Instant created, boolean serving, String selector) {
        return new LiveRollout(UUID.randomUUID(), Selector.parse("selector", selector), List.of(10_000), 0, serving,
                List.of(new LiveRollout.Target(ecu, hardwareId, "e".repeat(64), "", 10, "9.9.9", ecu + ".img", 1)), priority, created, List.of(), InstallPolicy.NONE);
    }

    private static LiveRollout adas(int priority, Instant created) {
        return rollout("adas-main", "adas-v3", priority, created, true, "model = 'SU7'");
    }

    private boolean held(LiveRollout candidate, LiveRollout... live) {
        return new Database(dataSource).inTransaction(c -> new RolloutClaims(c, vehicles, DEFAULT_VEHICLE).heldByOther(candidate, List.of(live)));
    }

    @Test
    void shouldLetTheHigherPriorityAndThenTheOlderRolloutHoldAnEcu() {
        LiveRollout candidate = adas(0, LATER);
        assertThat(held(candidate, adas(1, LATER))).as("higher priority").isTrue();
        assertThat(held(candidate, adas(0, EARLIER))).as("same priority, older").isTrue();
        assertThat(held(candidate, adas(-1, EARLIER))).as("lower priority, older").isFalse();
        assertThat(held(adas(0, EARLIER), candidate)).as("same priority, newer").isFalse();
        assertThat(held(candidate, candidate)).as("itself").isFalse();
    }

    @Test
    void shouldHoldOnlyEcusBothTouchOfVehiclesTheOtherStillWants() {
        LiveRollout candidate = adas(0, LATER);
        assertThat(held(candidate, rollout("adas-main", "adas-v3", 5, EARLIER, false, "model = 'SU7'"))).as("paused still holds").isTrue();
        assertThat(held(candidate, rollout("tcu", "tcu-v1", 5, EARLIER, true, "model = 'SU7'"))).as("another ECU").isFalse();
        assertThat(held(candidate, rollout("adas-main", "adas-v3", 5, EARLIER, true, "model = 'SU9'"))).as("not selected").isFalse();
        assertThat(held(candidate, rollout("adas-main", "adas-v2", 5, EARLIER, true, "model = 'SU7'"))).as("other hardware").isFalse();
        LiveRollout current = new LiveRollout(UUID.randomUUID(), Selector.parse("selector", ""), List.of(10_000), 0, true,
                List.of(new LiveRollout.Target("adas-main", "adas-v3", "c".repeat(64), "", 10, "2.4.0", "adas.img", 1)), 5, EARLIER, List.of(), InstallPolicy.NONE);
        assertThat(held(candidate, current)).as("the vehicle runs its image already").isFalse();

        LiveRollout finished = adas(5, EARLIER);
        assertThat(held(candidate, finished)).isTrue();
        new Database(dataSource).inTransaction(c -> {
            vehicles.assign(c, DEFAULT_VEHICLE.vin(), finished.name(), UUID.randomUUID().toString());
            vehicles.finish(c, DEFAULT_VEHICLE.vin(), finished.name());
            return null;
        });
        assertThat(held(candidate, finished)).as("the vehicle finished it").isFalse();
    }

    private static LiveRollout capped(long maxVehicles, long reached) {
        return new LiveRollout(UUID.randomUUID(), Selector.parse("selector", ""), List.of(10_000), 0, true,
                List.of(new LiveRollout.Target("adas-main", "adas-v3", "e".repeat(64), "", 10, "9.9.9", "adas.img", 1)), 0, EARLIER,
                List.of(new LiveRollout.Stage(maxVehicles, reached)), InstallPolicy.NONE);
    }

    private boolean mayTake(LiveRollout rollout) {
        return new Database(dataSource).inTransaction(c -> new RolloutClaims(c, vehicles, DEFAULT_VEHICLE).mayTake(rollout));
    }

    private Optional<VehicleRepository.Reached> reached(LiveRollout rollout) {
        return new Database(dataSource).inTransaction(c -> new RolloutClaims(c, vehicles, DEFAULT_VEHICLE).reached(rollout));
    }

    @Test
    void shouldTakeNoNewVehicleIntoAFullStageButKeepThoseItTook() {
        assertThat(mayTake(capped(0, 1_000))).as("no cap").isTrue();
        assertThat(mayTake(capped(5, 4))).as("below the cap").isTrue();
        LiveRollout full = capped(5, 5);
        assertThat(full.stageFull(DEFAULT_VEHICLE.vin())).isTrue();
        assertThat(mayTake(full)).as("full, and the vehicle was never told to install").isFalse();

        assertThat(reached(full)).as("never told").isEmpty();
        String correlationId = new Database(dataSource).inTransaction(c -> vehicles.assign(c, DEFAULT_VEHICLE.vin(), full.name(),
                UUID.randomUUID().toString()));
        assertThat(reached(full)).as("told under the correlation id its next check-ins repeat")
                .contains(new VehicleRepository.Reached(full.name(), correlationId, false));
        assertThat(mayTake(full)).as("full, but the vehicle is one of its own").isTrue();
        assertThat(held(adas(0, LATER), full)).as("and it holds the ECU meanwhile").isTrue();
        new Database(dataSource).inTransaction(c -> {
            vehicles.finish(c, DEFAULT_VEHICLE.vin(), full.name());
            return null;
        });
        assertThat(mayTake(full)).as("finished there").isFalse();
        assertThat(held(adas(0, LATER), capped(5, 5))).as("a full stage that never took the vehicle holds nothing").isFalse();
    }
}
