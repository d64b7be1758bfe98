package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.checkin.Ecu;
import com.otaplatform.checkin.StatusEvent;
import com.otaplatform.checkin.UpdatePhase;
import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.Database;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVersionDistributionRequest;
import com.otaplatform.fleet.v1.ListVehicleEventsRequest;
import com.otaplatform.fleet.v1.ListVehicleEventsResponse;
import com.otaplatform.fleet.v1.ListVehiclesRequest;
import com.otaplatform.fleet.v1.ListVehiclesResponse;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.fleet.v1.VersionCount;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FleetGrpcServiceTest {
    private static final String DEFAULT_ECU = "adas-main";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    VehicleRepository repository;
    @Inject
    ObjectMapper json;

    private ManagedChannel channel;
    private FleetServiceGrpc.FleetServiceBlockingStub viewer;
    // every test works on its own VINs and its own batch attribute, so vehicles of other tests never match
    private String vinPrefix;
    private String batch;

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
        viewer = FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("viewer")));
        vinPrefix = String.format("FLT%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        batch = UUID.randomUUID().toString();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private String vin(int index) {
        return vinPrefix + String.format("%06d", index);
    }

    private void createVehicle(int index, Map<String, String> attributes, Ecu... ecus) {
        var all = new HashMap<>(attributes);
        all.put("batch", batch);
        Instant now = Instant.now();
        new Database(dataSource).inTransaction(c -> Database.update(c,
                "insert into vehicle (vin, attributes, ecus, last_seen, created_at) values (?, ?::jsonb, ?::jsonb, ?, ?)",
                vin(index), write(all), write(List.of(ecus)), Timestamp.from(now), Timestamp.from(now)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ecu ecu(String ecu, String version) {
        return new Ecu(ecu + "-1", ecu, "hw-v3", version, version.isEmpty() ? "" : ecu + "-" + version + ".img", "", false);
    }

    private void createEvent(int vehicle, UpdatePhase phase, String message) {
        new Database(dataSource).inTransaction(c -> repository.insertEvent(c, new StatusEvent(0, UUID.randomUUID().toString(), vin(vehicle),
                "rollouts/" + UUID.randomUUID(), "corr-1", phase, DEFAULT_ECU + "-1", "", message, Instant.now(), null)));
    }

    private List<String> vins(ListVehiclesResponse response) {
        return response.getVehiclesList().stream().map(com.otaplatform.fleet.v1.Vehicle::getVin).toList();
    }

    private ListVehiclesResponse search(String selector, int pageSize, String pageToken) {
        return viewer.listVehicles(ListVehiclesRequest.newBuilder().setSelector("batch = '" + batch + "'" + selector)
                .setPageSize(pageSize).setPageToken(pageToken).build());
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    @Test
    void shouldFindVehiclesByAttributeOnePageAtATime() {
        createVehicle(1, Map.of("model", "SU7", "region", "CN"), ecu(DEFAULT_ECU, "2.4.0"));
        createVehicle(2, Map.of("model", "SU7", "region", "EU"), ecu(DEFAULT_ECU, "2.4.0"));
        createVehicle(3, Map.of("model", "SU7"), ecu(DEFAULT_ECU, "2.4.0"));
        createVehicle(4, Map.of("model", "SU9", "region", "CN"), ecu(DEFAULT_ECU, "2.4.0"));

        var first = search(" and model = 'SU7'", 2, "");
        var second = search(" and model = 'SU7'", 2, first.getNextPageToken());

        assertThat(vins(first)).containsExactly(vin(1), vin(2));
        assertThat(first.getNextPageToken()).isNotEmpty();
        assertThat(vins(second)).containsExactly(vin(3));
        assertThat(second.getNextPageToken()).isEmpty();
        // '!=' selects vehicles without the attribute too, as rollout selectors do
        assertThat(vins(search(" and region != 'EU'", 10, ""))).containsExactly(vin(1), vin(3), vin(4));
        assertThat(vins(search(" and model = 'SU7' and region = 'CN'", 10, ""))).containsExactly(vin(1));
        assertThat(vins(search(" and ecu.adas-main.version = '2.4.0' and model = 'SU9'", 10, ""))).containsExactly(vin(4));
        assertThat(vins(search(" and ecu.adas-main.version != '2.4.0'", 10, ""))).isEmpty();
        assertThat(second.getVehicles(0).getAttributesMap()).containsEntry("model", "SU7").containsEntry("batch", batch);
        assertThat(second.getVehicles(0).getEcus(0).getInstalledVersion()).isEqualTo("2.4.0");
    }

    @Test
    void shouldCombineVinPrefixAndSelector() {
        createVehicle(1, Map.of("model", "SU7"));
        createVehicle(2, Map.of("model", "SU9"));
        createVehicle(11, Map.of("model", "SU7"));

        var byPrefix = viewer.listVehicles(ListVehiclesRequest.newBuilder().setVinPrefix(vinPrefix).build());
        var both = viewer.listVehicles(ListVehiclesRequest.newBuilder().setVinPrefix(vin(1).substring(0, 16)).setSelector("model = 'SU7'").build());

        assertThat(vins(byPrefix)).containsExactly(vin(1), vin(2), vin(11));
        assertThat(vins(both)).containsExactly(vin(1));
    }

    @Test
    void shouldListAVehiclesUpdateHistoryNewestFirst() {
        createVehicle(1, Map.of(), ecu(DEFAULT_ECU, "2.4.0"));
        createEvent(1, UpdatePhase.DOWNLOADING, "first");
        createEvent(1, UpdatePhase.INSTALLING, "second");
        createEvent(1, UpdatePhase.SUCCEEDED, "third");
        createVehicle(2, Map.of(), ecu(DEFAULT_ECU, "2.4.0"));
        createEvent(2, UpdatePhase.FAILED, "other vehicle");
        createVehicle(3, Map.of(), ecu(DEFAULT_ECU, "2.4.0"));

        var request = ListVehicleEventsRequest.newBuilder().setName("vehicles/" + vin(1)).setPageSize(2);
        ListVehicleEventsResponse first = viewer.listVehicleEvents(request.build());
        ListVehicleEventsResponse second = viewer.listVehicleEvents(request.setPageToken(first.getNextPageToken()).build());

        assertThat(first.getEventsList()).extracting(e -> e.getEvent().getMessage()).containsExactly("third", "second");
        assertThat(first.getEvents(0).getEvent().getPhase()).isEqualTo(com.otaplatform.vehicle.v1.UpdatePhase.UPDATE_PHASE_SUCCEEDED);
        assertThat(second.getEventsList()).extracting(e -> e.getEvent().getMessage()).containsExactly("first");
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(second.getEventsList()).extracting(VehicleEvent::getVin).containsOnly(vin(1));
        assertThat(viewer.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName("vehicles/" + vin(3)).setPageSize(0).build())
                .getEventsList()).isEmpty();
    }

    @Test
    void shouldRefuseTheHistoryOfAnUnknownVehicle() {
        assertStatus(() -> viewer.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName("vehicles/" + vin(9)).build()),
                Status.Code.NOT_FOUND, "vehicles/" + vin(9));
    }

    @Test
    void shouldCountVehiclesPerInstalledVersionOfOneEcu() {
        String ecu = "ecu-" + batch;
        createVehicle(1, Map.of("region", "CN"), ecu(ecu, "2.4.0"), ecu(DEFAULT_ECU, "9.9.9"));
        createVehicle(2, Map.of("region", "CN"), ecu(ecu, "2.4.1"));
        createVehicle(3, Map.of("region", "EU"), ecu(ecu, "2.4.1"));
        createVehicle(4, Map.of("region", "EU"), ecu(ecu, "2.4.1"));
        createVehicle(5, Map.of("region", "EU"), ecu(ecu, ""));
        createVehicle(6, Map.of("region", "EU"), ecu(DEFAULT_ECU, "2.4.1"));

        var all = viewer.getVersionDistribution(GetVersionDistributionRequest.newBuilder().setEcu(ecu).build()).getVersionsList();
        var china = viewer.getVersionDistribution(GetVersionDistributionRequest.newBuilder().setEcu(ecu).setSelector("region = 'CN'").build())
                .getVersionsList();

        assertThat(all).extracting(VersionCount::getVersion, VersionCount::getVehicles)
                .containsExactly(tuple("2.4.1", 3L), tuple("", 1L),
                        tuple("2.4.0", 1L));
        assertThat(china).extracting(VersionCount::getVersion, VersionCount::getVehicles)
                .containsExactly(tuple("2.4.0", 1L), tuple("2.4.1", 1L));
    }

    @Test
    void shouldNameTheFieldOfBadInput() {
        assertStatus(() -> viewer.listVehicles(ListVehiclesRequest.newBuilder().setSelector("model = SU7").build()),
                Status.Code.INVALID_ARGUMENT, "selector: expected a value in single quotes at position 9");
        assertStatus(() -> viewer.listVehicles(ListVehiclesRequest.newBuilder().setPageSize(1001).build()),
                Status.Code.INVALID_ARGUMENT, "page_size: must be between 1 and 1000");
        assertStatus(() -> viewer.listVehicles(ListVehiclesRequest.newBuilder().setPageToken("nonsense").build()),
                Status.Code.INVALID_ARGUMENT, "page_token: is not a token from a previous response");
        assertStatus(() -> viewer.listVehicles(ListVehiclesRequest.newBuilder().setVinPrefix("X".repeat(18)).build()),
                Status.Code.INVALID_ARGUMENT, "vin_prefix: is longer than 17 characters");
        assertStatus(() -> viewer.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName("cars/" + vin(1)).build()),
                Status.Code.INVALID_ARGUMENT, "name: must look like vehicles/{vin}");
        assertStatus(() -> viewer.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName("vehicles/" + vin(1)).setPageSize(-1).build()),
                Status.Code.INVALID_ARGUMENT, "page_size: must be between 1 and 1000");
        assertStatus(() -> viewer.getVersionDistribution(GetVersionDistributionRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "ecu: is required");
        assertStatus(() -> viewer.getVersionDistribution(GetVersionDistributionRequest.newBuilder().setEcu(DEFAULT_ECU)
                .setSelector("model = 'SU7' or region = 'EU'").build()), Status.Code.INVALID_ARGUMENT, "selector: expected 'and' or the end");
    }

    @Test
    void shouldAnswerPeopleWithAPlatformRoleOnly() {
        String ecu = "ecu-" + batch;
        createVehicle(1, Map.of(), ecu(ecu, "1.0.0"));
        var request = GetVersionDistributionRequest.newBuilder().setEcu(ecu).build();
        assertStatus(() -> FleetServiceGrpc.newBlockingStub(channel).getVersionDistribution(request), Status.Code.UNAUTHENTICATED, "this call needs");
        var noRoles = FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("no-roles")));
        assertStatus(() -> noRoles.listVehicles(ListVehiclesRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> noRoles.listVehicleEvents(ListVehicleEventsRequest.newBuilder().setName("vehicles/" + vin(1)).build()),
                Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> noRoles.getVersionDistribution(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        for (String user : List.of("operator", "rel-eng", "fleet-admin")) {
            assertThat(FleetServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken(user)))
                    .getVersionDistribution(request).getVersionsList()).as(user).extracting(VersionCount::getVehicles).containsExactly(1L);
        }
    }
}
