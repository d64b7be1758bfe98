package com.otaplatform.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.common.Bucketing;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.fleet.v1.EstimateRolloutReachRequest;
import com.otaplatform.fleet.v1.EstimateRolloutReachResponse;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.ReachTarget;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.VehicleManifest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RolloutReachEstimateTest {
    private static final AtomicLong VINS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final String OLD_SHA = "c".repeat(64);
    private static final String NEW_SHA = "e".repeat(64);

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;
    private TestVehicles vehicles;
    private final String fleet = "reach-" + UUID.randomUUID();

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
        vehicles = new TestVehicles();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
        vehicles.close();
    }

    private FleetServiceGrpc.FleetServiceBlockingStub asService() {
        return FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")));
    }

    /** Checks in a fresh vehicle of this test's fleet, provisioned and over mutual TLS, with one adas-main ECU; returns its VIN. */
    private String checkIn(String hardwareId, String version, String sha256) {
        String vin = String.format("LSR%014d", VINS.incrementAndGet());
        EcuVersionReport report = EcuVersionReport.newBuilder().setEcuSerial(TestVehicle.DEFAULT_ECU_SERIAL).setEcu("adas-main")
                .setHardwareId(hardwareId).setInstalledVersion(version).setInstalledDigests(Digests.newBuilder().setSha256(sha256)).build();
        TestVehicle vehicle = vehicles.newVehicle(vin);
        vehicle.checkIn(vehicle.request(Map.of("fleet", fleet), report));
        return vin;
    }

    private EstimateRolloutReachRequest.Builder createDefaultRequest(UUID rollout, String selector) {
        return EstimateRolloutReachRequest.newBuilder().setRollout("rollouts/" + rollout).setSelector(selector)
                .addStagePercentagesBp(1000).addStagePercentagesBp(5000).addStagePercentagesBp(10_000)
                .addTargets(ReachTarget.newBuilder().setEcu(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3")).setSha256(NEW_SHA));
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    @Test
    void shouldCountReachPerStageByTheRolloutsBucketsAndTheBlockedByCause() {
        List<String> eligible = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            eligible.add(checkIn("adas-v3", "2.4.0", OLD_SHA));
        }
        for (int i = 0; i < 4; i++) {
            checkIn("adas-v2", "2.4.0", OLD_SHA);
        }
        for (int i = 0; i < 3; i++) {
            checkIn("adas-v3", "3.0.0", NEW_SHA);
        }
        UUID rollout = UUID.randomUUID();
        long[] expected = new long[3];
        for (String vin : eligible) {
            for (int stage = Bucketing.stageOf(Bucketing.bucket(rollout, vin), List.of(1000, 5000, 10_000)); stage < 3; stage++) {
                expected[stage]++;
            }
        }

        EstimateRolloutReachResponse reach = asService().estimateRolloutReach(createDefaultRequest(rollout, "fleet = '" + fleet + "'").build());

        assertThat(reach.getVehiclesSelected()).isEqualTo(67);
        assertThat(reach.getBlockedIncompatibleHardware()).isEqualTo(4);
        assertThat(reach.getBlockedAlreadyCurrent()).isEqualTo(3);
        assertThat(reach.getBlockedByOtherRollout()).isZero();
        assertThat(reach.getStageVehiclesList()).containsExactly(expected[0], expected[1], expected[2]);
        assertThat(expected[2]).isEqualTo(60);

        EstimateRolloutReachResponse capped = asService().estimateRolloutReach(createDefaultRequest(rollout, "fleet = '" + fleet + "'")
                .addAllStageMaxVehicles(List.of(2L, 0L, 5L)).build());
        long first = Math.min(2, expected[0]);
        long second = first + expected[1] - expected[0];
        assertThat(capped.getStageVehiclesList()).as("each stage up to its cap")
                .containsExactly(first, second, second + Math.min(5, expected[2] - expected[1]));

        EstimateRolloutReachResponse onNew = asService().estimateRolloutReach(
                createDefaultRequest(rollout, "fleet = '" + fleet + "' and ecu.adas-main.version = '3.0.0'").build());
        assertThat(onNew.getVehiclesSelected()).as("selected by installed version").isEqualTo(3);
        assertThat(onNew.getStageVehiclesList()).containsExactly(0L, 0L, 0L);
    }

    @Test
    void shouldAnswerServicesOnlyAndNameTheFieldOfBadInput() {
        UUID rollout = UUID.randomUUID();
        var viewer = FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("viewer")));
        assertStatus(() -> viewer.estimateRolloutReach(createDefaultRequest(rollout, "").build()), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> FleetServiceGrpc.newBlockingStub(channel).estimateRolloutReach(createDefaultRequest(rollout, "").build()),
                Status.Code.UNAUTHENTICATED, "this call needs");

        var service = asService();
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").setRollout("r/1").build()),
                Status.Code.INVALID_ARGUMENT, "rollout: must look like rollouts/{id}");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "model = SU7").build()),
                Status.Code.INVALID_ARGUMENT, "selector: expected a value in single quotes");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").clearStagePercentagesBp().build()),
                Status.Code.INVALID_ARGUMENT, "stage_percentages_bp: needs at least one stage");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").addStagePercentagesBp(9000).build()),
                Status.Code.INVALID_ARGUMENT, "stage_percentages_bp[3]: must be above the previous stage's (10000)");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").addStageMaxVehicles(1).build()),
                Status.Code.INVALID_ARGUMENT, "stage_max_vehicles: needs one cap per stage (3) or none, got 1");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").addAllStageMaxVehicles(List.of(0L, -1L, 0L)).build()),
                Status.Code.INVALID_ARGUMENT, "stage_max_vehicles[1]: must not be negative");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").clearTargets().build()),
                Status.Code.INVALID_ARGUMENT, "targets: needs 1 to 128 images, got 0");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").setTargets(0, ReachTarget.newBuilder()
                .setEcu(EcuSelector.newBuilder().setEcu("adas-main").setHardwareId("adas-v3")).setSha256("xyz")).build()),
                Status.Code.INVALID_ARGUMENT, "targets[0].sha256: must be 64 lower-case hex digits");
        assertStatus(() -> service.estimateRolloutReach(createDefaultRequest(rollout, "").setTargets(0, ReachTarget.newBuilder()
                .setEcu(EcuSelector.newBuilder().setEcu("adas-main")).setSha256(NEW_SHA)).build()),
                Status.Code.INVALID_ARGUMENT, "targets[0].ecu.hardware_id: is required");
    }
}
