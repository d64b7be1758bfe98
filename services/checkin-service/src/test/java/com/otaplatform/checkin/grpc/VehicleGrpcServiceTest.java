package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.ListUpdateOutcomesRequest;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.vehicle.v1.*;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VehicleGrpcServiceTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    private ManagedChannel channel;
    private TestVehicles vehicles;

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

    /** VehicleService as the vehicle {@code vin}, provisioned for the call. */
    private VehicleServiceGrpc.VehicleServiceBlockingStub vehicle(String vin) {
        return vehicles.newVehicle(vin).service();
    }

    private static String nextVin() {
        return TestVehicles.nextVin();
    }

    /** A check-in with an unsigned manifest: enough for requests that fail validation before any signature is read. */
    private static CheckInRequest createUnsignedCheckIn(String vin, EcuVersionReport... reports) {
        VehicleManifest.Builder manifest = VehicleManifest.newBuilder().setVin(vin).setPrimaryEcuSerial("ADAS-1");
        for (EcuVersionReport report : reports) {
            manifest.addEcuReports(SignedEcuVersionReport.newBuilder().setReport(report.toByteString()));
        }
        return CheckInRequest.newBuilder()
                .setManifest(SignedVehicleManifest.newBuilder().setManifest(manifest.build().toByteString()))
                .putAttributes("model", "SU7").putAttributes("region", "CN").build();
    }

    private static EcuVersionReport createDefaultReport() {
        return TestVehicle.createDefaultReport();
    }

    private static StatusEvent event(String rollout, UpdatePhase phase) {
        return StatusEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setRollout(rollout).setCorrelationId("corr-1")
                .setPhase(phase).build();
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    @Test
    void shouldRecordTheVehicleAndAnswerWithoutAssignmentWhenNoRolloutIsLive() {
        String vin = nextVin();
        CheckInResponse response = vehicles.newVehicle(vin).checkIn(createDefaultReport());

        assertThat(response.hasAssignment()).isFalse();
        assertThat(response.getNonce()).isNotBlank();
        // 5 minutes +- 20% jitter
        assertThat(response.getNextPoll().getSeconds()).isBetween(240L, 360L);
        var vehicle = FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("viewer")))
                .getVehicle(GetVehicleRequest.newBuilder().setName("vehicles/" + vin).build()).getVehicle();
        assertThat(vehicle.getAttributesMap()).containsEntry("model", "SU7");
        assertThat(vehicle.getEcus(0).getInstalledVersion()).isEqualTo("2.4.0");
        assertThat(vehicle.getEcus(0).getPrimary()).as("the manifest's primary ECU").isTrue();
    }

    @Test
    void shouldKeepTheAttributesTheVehicleWasRegisteredWithOverThoseItReports() {
        String vin = nextVin();
        TestVehicle vehicle = vehicles.newVehicle(vin);
        // registered with model=SU7; the vehicle claims another model, and a region nobody registered
        vehicle.checkIn(vehicle.request(Map.of("model", "SU9", "region", "EU"), createDefaultReport()));

        var stored = FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("viewer")))
                .getVehicle(GetVehicleRequest.newBuilder().setName("vehicles/" + vin).build()).getVehicle();
        assertThat(stored.getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of("model", "SU7", "region", "EU"));
    }

    @Test
    void shouldNameTheFieldOfABadManifest() {
        // validation comes before the VIN is compared with the certificate's
        var vehicles = vehicle(nextVin());
        assertStatus(() -> vehicles.checkIn(CheckInRequest.newBuilder().setManifest(SignedVehicleManifest.newBuilder()
                .setManifest(ByteString.copyFromUtf8("not a manifest"))).build()), Status.Code.INVALID_ARGUMENT, "manifest.");
        assertStatus(() -> vehicles.checkIn(createUnsignedCheckIn("LSV0000000000001O", createDefaultReport())),
                Status.Code.INVALID_ARGUMENT, "manifest.vin: must be 17 characters");
        assertStatus(() -> vehicles.checkIn(createUnsignedCheckIn(nextVin())),
                Status.Code.INVALID_ARGUMENT, "manifest.ecu_reports: must hold 1 to 128 ECU reports");
        assertStatus(() -> vehicles.checkIn(createUnsignedCheckIn(nextVin(), createDefaultReport(), createDefaultReport())),
                Status.Code.INVALID_ARGUMENT, "manifest.ecu_reports[1].ecu_serial: 'ADAS-1' is reported twice");
        assertStatus(() -> vehicles.checkIn(createUnsignedCheckIn(nextVin(), createDefaultReport().toBuilder().setEcu("../x").build())),
                Status.Code.INVALID_ARGUMENT, "manifest.ecu_reports[0].ecu:");
    }

    @Test
    void shouldStoreEachStatusEventOnceAndFeedThemInOrder() {
        var service = FleetServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")));
        long before = service.listUpdateOutcomes(ListUpdateOutcomesRequest.newBuilder().setPageSize(5000).build()).getLastSequence();
        String vin = nextVin();
        String rollout = "rollouts/" + UUID.randomUUID();
        StatusEvent downloading = event(rollout, UpdatePhase.UPDATE_PHASE_DOWNLOADING);
        StatusEvent succeeded = event(rollout, UpdatePhase.UPDATE_PHASE_SUCCEEDED);
        var vehicles = vehicle(vin);

        var first = vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin).addEvents(downloading).build());
        // delivery is at-least-once: the vehicle sends the first event again with the next one
        var second = vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin).addEvents(downloading).addEvents(succeeded).build());

        assertThat(first.getAcknowledgedEventIdsList()).containsExactly(downloading.getEventId());
        assertThat(second.getAcknowledgedEventIdsList()).containsExactly(downloading.getEventId(), succeeded.getEventId());
        List<VehicleEvent> feed = service.listUpdateOutcomes(ListUpdateOutcomesRequest.newBuilder().setAfterSequence(before).build())
                .getEventsList().stream().filter(e -> e.getVin().equals(vin)).toList();
        assertThat(feed).extracting(e -> e.getEvent().getEventId()).containsExactly(downloading.getEventId(), succeeded.getEventId());
        assertThat(feed.get(1).getSequence()).isGreaterThan(feed.get(0).getSequence());
    }

    @Test
    void shouldNeverMovePastAnEventCommittedLateUnderALowerId() throws Exception {
        var service = FleetServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")));
        long cursor = service.listUpdateOutcomes(ListUpdateOutcomesRequest.newBuilder().setPageSize(5000).build()).getLastSequence();
        String rollout = "rollouts/" + UUID.randomUUID();
        String slowVin = nextVin();
        String quickVin = nextVin();
        var quick = vehicle(quickVin);
        // a slow transaction takes the lower id and commits last, as a busy replica's report can
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            try (var insert = slow.prepareStatement("insert into status_event (event_id, vin, rollout, correlation_id, phase, ecu_serial,"
                    + " error_code, message, occurred_at, received_at) values (?, ?, ?, '', 'SUCCEEDED', '', '', '', now(), now())")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, slowVin);
                insert.setString(3, rollout);
                insert.executeUpdate();
            }
            quick.reportStatus(ReportStatusRequest.newBuilder().setVin(quickVin)
                    .addEvents(event(rollout, UpdatePhase.UPDATE_PHASE_SUCCEEDED)).build());
            var early = service.listUpdateOutcomes(ListUpdateOutcomesRequest.newBuilder().setAfterSequence(cursor).build());
            cursor = early.getLastSequence();
            slow.commit();
        }
        var late = service.listUpdateOutcomes(ListUpdateOutcomesRequest.newBuilder().setAfterSequence(cursor).build());
        assertThat(late.getEventsList()).extracting(VehicleEvent::getVin).contains(slowVin);
    }

    @Test
    void shouldNameTheFieldOfABadReport() {
        String vin = nextVin();
        var vehicles = vehicle(vin);
        assertStatus(() -> vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin).build()),
                Status.Code.INVALID_ARGUMENT, "events: must hold 1 to 500 events");
        assertStatus(() -> vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin)
                .addEvents(event("", UpdatePhase.UPDATE_PHASE_ASSIGNED)).build()), Status.Code.INVALID_ARGUMENT, "events[0].phase:");
        assertStatus(() -> vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin)
                .addEvents(event("", UpdatePhase.UPDATE_PHASE_SUCCEEDED).toBuilder().setPhaseValue(99)).build()),
                Status.Code.INVALID_ARGUMENT, "events[0].phase:");
        assertStatus(() -> vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin)
                .addEvents(event("rollouts/x", UpdatePhase.UPDATE_PHASE_SUCCEEDED)).build()), Status.Code.INVALID_ARGUMENT, "events[0].rollout:");
        assertStatus(() -> vehicles.reportStatus(ReportStatusRequest.newBuilder().setVin(vin)
                .addEvents(event("", UpdatePhase.UPDATE_PHASE_SUCCEEDED).toBuilder().setEventId("")).build()),
                Status.Code.INVALID_ARGUMENT, "events[0].event_id: is required");
    }

    @Test
    void shouldKeepTheOutcomeFeedForServicesAndPeopleApisForPeople() {
        var request = ListUpdateOutcomesRequest.getDefaultInstance();
        assertStatus(() -> FleetServiceGrpc.newBlockingStub(channel).listUpdateOutcomes(request), Status.Code.UNAUTHENTICATED, "this call needs");
        assertStatus(() -> FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("operator")))
                .listUpdateOutcomes(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> FleetServiceGrpc.newBlockingStub(channel)
                .withCallCredentials(BearerToken.of(Keycloak.clientToken("ota-services", "ota-services-secret")))
                .getVehicle(GetVehicleRequest.newBuilder().setName("vehicles/" + nextVin()).build()), Status.Code.PERMISSION_DENIED, "the caller's roles");
    }
}
