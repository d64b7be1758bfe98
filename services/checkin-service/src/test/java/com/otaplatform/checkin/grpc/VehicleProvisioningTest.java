package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.checkin.DirectorManagement;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.checkin.testing.VehicleCaResource;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.GetVehicleRequest;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.fleet.v1.ReprovisionVehicleRequest;
import com.otaplatform.fleet.v1.UpdateVehicleAttributesRequest;
import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.testkit.TestSigningService;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.vehicle.v1.EcuKey;
import com.otaplatform.vehicle.v1.ProvisionVehicleRequest;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FleetService.RegisterVehicle and VehicleService.ProvisionVehicle against the service over real channels. */
@QuarkusTest
@WithTestResource(value = VehicleCaResource.class, scope = TestResourceScope.GLOBAL)
class VehicleProvisioningTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    DirectorManagement director;
    @Inject
    AgroalDataSource dataSource;

    private TestVehicles vehicles;
    private ManagedChannel plain;

    @BeforeEach
    void start() {
        vehicles = new TestVehicles();
        plain = TestChannels.loopback(port);
    }

    @AfterEach
    void stop() throws InterruptedException {
        TestChannels.close(plain);
        vehicles.close();
    }

    private FleetServiceGrpc.FleetServiceBlockingStub fleetAs(String user) {
        return FleetServiceGrpc.newBlockingStub(plain).withCallCredentials(BearerToken.of(Keycloak.userToken(user)));
    }

    private VehicleServiceGrpc.VehicleServiceBlockingStub provisioning() {
        return VehicleServiceGrpc.newBlockingStub(vehicles.unprovisioned());
    }

    private static ProvisionVehicleRequest provisionRequest(String vin, String csrVin, String token) {
        EcuKeys ecuKeys = EcuKeys.generate(List.of("ADAS-1", "TCU-1"));
        return ProvisionVehicleRequest.newBuilder().setVin(vin).setFactoryToken(token)
                .setCsrPem(Provisioning.csr(csrVin, Provisioning.newKeyPair()))
                .addAllEcuKeys(ecuKeys.publicKeys()).setPrimaryEcuSerial(ecuKeys.primarySerial()).build();
    }

    private static ProvisionVehicleRequest withKey(ProvisionVehicleRequest request, int index, UnaryOperator<EcuKey.Builder> change) {
        return request.toBuilder().setEcuKeys(index, change.apply(request.getEcuKeys(index).toBuilder())).build();
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    @Test
    void shouldRegisterAVehicleAndKeepOnlyTheHashOfItsFactoryToken() throws Exception {
        String vin = TestVehicles.nextVin();
        var registered = fleetAs("fleet-admin").registerVehicle(RegisterVehicleRequest.newBuilder().setVin(vin)
                .putAttributes("model", "SU7").putAttributes("region", "EU").build());

        assertThat(registered.getVehicle().getName()).isEqualTo("vehicles/" + vin);
        assertThat(registered.getVehicle().getAttributesMap()).containsEntry("region", "EU");
        assertThat(registered.getFactoryToken()).startsWith("ft_").hasSizeGreaterThan(40);
        try (Connection c = dataSource.getConnection();
             var statement = c.prepareStatement("select factory_token_hash, vehicle_registration::text from vehicle_registration where vin = ?")) {
            statement.setString(1, vin);
            var row = statement.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getBytes(1)).hasSize(32).isNotEqualTo(registered.getFactoryToken().getBytes(StandardCharsets.UTF_8));
            assertThat(row.getString(2)).doesNotContain(registered.getFactoryToken().substring(3));
        }
    }

    @Test
    void shouldLetOnlyFleetAdminsRegisterAndNameBadFields() {
        String vin = TestVehicles.nextVin();
        var request = RegisterVehicleRequest.newBuilder().setVin(vin).build();

        assertStatus(() -> FleetServiceGrpc.newBlockingStub(plain).registerVehicle(request), Status.Code.UNAUTHENTICATED, "this call needs");
        assertStatus(() -> fleetAs("operator").registerVehicle(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> fleetAs("fleet-admin").registerVehicle(request.toBuilder().setVin("LSV0000000000001O").build()),
                Status.Code.INVALID_ARGUMENT, "vin: must be 17 characters");
        assertStatus(() -> fleetAs("fleet-admin").registerVehicle(request.toBuilder().putAttributes("../x", "1").build()),
                Status.Code.INVALID_ARGUMENT, "attributes:");
        fleetAs("fleet-admin").registerVehicle(request);
        assertStatus(() -> fleetAs("fleet-admin").registerVehicle(request.toBuilder().putAttributes("model", "SU7").build()),
                Status.Code.ALREADY_EXISTS, "attributes: vehicles/" + vin + " is registered already, with other attributes {}");
    }

    @Test
    void shouldAnswerARepeatedRegistrationWithAFreshTokenUntilTheVehicleIsProvisioned() {
        String vin = TestVehicles.nextVin();
        var request = RegisterVehicleRequest.newBuilder().setVin(vin).putAttributes("model", "SU7").putAttributes("region", "EU").build();
        var first = fleetAs("fleet-admin").registerVehicle(request);
        // the first answer was lost: the same request again gets a new token, which replaces the unspent one
        var again = fleetAs("fleet-admin").registerVehicle(request.toBuilder().clearAttributes().putAttributes("region", "EU")
                .putAttributes("model", "SU7").build());

        assertThat(again.getFactoryToken()).startsWith("ft_").isNotEqualTo(first.getFactoryToken());
        assertThat(again.getVehicle().getCreateTime()).isEqualTo(first.getVehicle().getCreateTime());
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, first.getFactoryToken())), Status.Code.PERMISSION_DENIED,
                "factory_token: is not the factory token of vin " + vin);
        assertThat(provisioning().provisionVehicle(provisionRequest(vin, vin, again.getFactoryToken())).getCertificatePem())
                .contains("BEGIN CERTIFICATE");
        assertStatus(() -> fleetAs("fleet-admin").registerVehicle(request), Status.Code.ALREADY_EXISTS,
                "vin: vehicles/" + vin + " is registered already and provisioned; a new factory token for it comes from"
                        + " FleetService.ReprovisionVehicle (otactl vehicle reprovision " + vin + ")");
    }

    @Test
    void shouldAnswerARepeatedProvisioningWithTheSameCertificateAndRefuseAnyOtherUseOfTheSpentToken() throws Exception {
        String vin = TestVehicles.nextVin();
        String token = vehicles.register(vin);
        var request = provisionRequest(vin, vin, token);
        var first = provisioning().provisionVehicle(request);

        // the first answer was lost: the same request, or a new CSR for the same key, gets the same certificate
        assertThat(provisioning().provisionVehicle(request)).isEqualTo(first);
        assertThat(first.getCertificatePem()).contains("BEGIN CERTIFICATE");
        // the director's root comes with the certificate (the image repository's too, as another test shows)
        assertThat(first.getDirectorRoot().toByteArray()).isEqualTo(director.latestRoot());
        assertThat(SignedMetadata.parse(first.getDirectorRoot().toByteArray()).type()).isEqualTo("root");
        assertStatus(() -> provisioning().provisionVehicle(request.toBuilder().setCsrPem(Provisioning.csr(vin, Provisioning.newKeyPair())).build()),
                Status.Code.PERMISSION_DENIED, "factory_token: was used already, at ");
        assertStatus(() -> provisioning().provisionVehicle(withKey(request, 1, k -> k.setPublicKey(ByteString.copyFrom(new byte[32])))),
                Status.Code.PERMISSION_DENIED, "ecu_keys: differ from those registered with this factory token");
        assertStatus(() -> provisioning().provisionVehicle(request.toBuilder().setCsrPem("not a CSR").build()),
                Status.Code.INVALID_ARGUMENT, "csr_pem:");
        assertThat(provisioning().provisionVehicle(request).getCertificatePem()).isEqualTo(first.getCertificatePem());
    }

    @Test
    void shouldReplaceTheRegisteredAttributesOfAVehicleAndApplyThemAtOnce() {
        String vin = TestVehicles.nextVin();
        TestVehicle vehicle = vehicles.newVehicle(vin);
        // registered with model=SU7, which wins over the model the vehicle reports
        vehicle.checkIn(vehicle.request(Map.of("model", "SU9", "region", "EU", "color", "red"), TestVehicle.createDefaultReport()));
        var request = UpdateVehicleAttributesRequest.newBuilder().setName("vehicles/" + vin).putAttributes("region", "CN")
                .putAttributes("trim", "sport").build();

        assertStatus(() -> fleetAs("operator").updateVehicleAttributes(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> fleetAs("fleet-admin").updateVehicleAttributes(request.toBuilder().setName("vehicles/" + TestVehicles.nextVin()).build()),
                Status.Code.NOT_FOUND, "vehicles/");
        assertStatus(() -> fleetAs("fleet-admin").updateVehicleAttributes(request.toBuilder().putAttributes("../x", "1").build()),
                Status.Code.INVALID_ARGUMENT, "attributes:");
        assertThat(stored(vin)).as("nothing refused changed anything")
                .containsExactlyInAnyOrderEntriesOf(Map.of("model", "SU7", "region", "EU", "color", "red"));

        var updated = fleetAs("fleet-admin").updateVehicleAttributes(request);
        assertThat(updated.getVehicle().getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "CN", "trim", "sport"));
        // at once: the new registered ones win, model is registered no more, the vehicle's own color stays
        assertThat(stored(vin)).containsExactlyInAnyOrderEntriesOf(Map.of("region", "CN", "trim", "sport", "color", "red"));
        vehicle.checkIn(vehicle.request(Map.of("model", "SU9", "region", "EU", "color", "red"), TestVehicle.createDefaultReport()));
        assertThat(stored(vin)).as("from the next check-in the vehicle's model shows")
                .containsExactlyInAnyOrderEntriesOf(Map.of("model", "SU9", "region", "CN", "trim", "sport", "color", "red"));
    }

    private Map<String, String> stored(String vin) {
        return fleetAs("viewer").getVehicle(GetVehicleRequest.newBuilder().setName("vehicles/" + vin).build()).getVehicle().getAttributesMap();
    }

    @Test
    void shouldLetOnlyFleetAdminsReprovisionARegisteredVehicle() {
        String vin = TestVehicles.nextVin();
        vehicles.register(vin);
        var request = ReprovisionVehicleRequest.newBuilder().setName("vehicles/" + vin).build();

        assertStatus(() -> FleetServiceGrpc.newBlockingStub(plain).reprovisionVehicle(request), Status.Code.UNAUTHENTICATED, "this call needs");
        assertStatus(() -> fleetAs("viewer").reprovisionVehicle(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> fleetAs("operator").reprovisionVehicle(request), Status.Code.PERMISSION_DENIED, "the caller's roles");
        assertStatus(() -> fleetAs("fleet-admin").reprovisionVehicle(request.toBuilder().setName("vehicles/" + TestVehicles.nextVin()).build()),
                Status.Code.NOT_FOUND, "vehicles/");
        assertStatus(() -> fleetAs("fleet-admin").reprovisionVehicle(request.toBuilder().setName("vehicles/LSV0000000000001O").build()),
                Status.Code.INVALID_ARGUMENT, "name: must be 17 characters");
        assertStatus(() -> fleetAs("fleet-admin").reprovisionVehicle(request.toBuilder().setName(vin).build()),
                Status.Code.INVALID_ARGUMENT, "name: must look like vehicles/{vin}");

        var issued = fleetAs("fleet-admin").reprovisionVehicle(request);
        assertThat(issued.getVehicle().getName()).isEqualTo("vehicles/" + vin);
        assertThat(issued.getVehicle().getAttributesMap()).containsEntry("model", "SU7");
        assertThat(issued.getFactoryToken()).startsWith("ft_");
        assertThat(provisioning().provisionVehicle(provisionRequest(vin, vin, issued.getFactoryToken())).getCertificatePem())
                .contains("BEGIN CERTIFICATE");
    }

    @Test
    void shouldCheckInWithTheNewEcuKeysAfterReprovisioningAndRefuseTheOldCertificateAndKeys() {
        String vin = TestVehicles.nextVin();
        TestVehicle before = vehicles.newVehicle(vin);
        before.checkIn(TestVehicle.createDefaultReport());
        String token = fleetAs("fleet-admin").reprovisionVehicle(ReprovisionVehicleRequest.newBuilder().setName("vehicles/" + vin).build())
                .getFactoryToken();
        // until the vehicle spends the new token, its certificate and keys keep working
        before.checkIn(TestVehicle.createDefaultReport());

        // the ECU was replaced: a new key under the same serial
        TestVehicle after = vehicles.reprovision(vin, token, EcuKeys.generate(List.of(TestVehicle.DEFAULT_ECU_SERIAL)));

        assertThat(after.checkIn(TestVehicle.createDefaultReport()).getNonce()).isNotBlank();
        assertThat(after.checkIn(TestVehicle.createDefaultReport()).getNonce()).isNotBlank();
        assertStatus(() -> before.checkIn(TestVehicle.createDefaultReport()), Status.Code.UNAUTHENTICATED,
                "the client certificate " + serial(before.credentials()) + " is not the current certificate of vehicle " + vin);
        assertStatus(() -> before.service().reportStatus(ReportStatusRequest.newBuilder().setVin(vin).addEvents(downloading()).build()),
                Status.Code.UNAUTHENTICATED, "the client certificate ");
        TestVehicle oldEcuKeys = vehicles.vehicle(vin, before.keys(), after.credentials());
        assertStatus(() -> oldEcuKeys.checkIn(TestVehicle.createDefaultReport()), Status.Code.PERMISSION_DENIED, "manifest.signatures: ");
        assertThat(after.service().reportStatus(ReportStatusRequest.newBuilder().setVin(vin).addEvents(downloading()).build())
                .getAcknowledgedEventIdsCount()).isEqualTo(1);
    }

    @Test
    void shouldTellAVehicleWithoutEcuKeysHowToGetThemAndCheckItInOnceReprovisioned() throws Exception {
        String vin = TestVehicles.nextVin();
        TestVehicle vehicle = vehicles.newVehicle(vin);
        try (Connection c = dataSource.getConnection();
             var statement = c.prepareStatement("update vehicle_registration set ecu_keys = null where vin = ?")) {
            statement.setString(1, vin);
            statement.executeUpdate();
        }
        assertStatus(() -> vehicle.checkIn(TestVehicle.createDefaultReport()), Status.Code.FAILED_PRECONDITION,
                "manifest: vehicle " + vin + " registered no ECU keys; a fleet admin issues it a new factory token (otactl vehicle reprovision " + vin + ")");

        String token = fleetAs("fleet-admin").reprovisionVehicle(ReprovisionVehicleRequest.newBuilder().setName("vehicles/" + vin).build())
                .getFactoryToken();
        TestVehicle reprovisioned = vehicles.reprovision(vin, token, vehicle.keys());

        assertThat(reprovisioned.checkIn(TestVehicle.createDefaultReport()).getNonce()).isNotBlank();
    }

    private static StatusEvent downloading() {
        return StatusEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setRollout("rollouts/" + UUID.randomUUID())
                .setCorrelationId("corr-1").setPhase(UpdatePhase.UPDATE_PHASE_DOWNLOADING).build();
    }

    private static String serial(com.otaplatform.agent.VehicleCredentials credentials) {
        try {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(credentials.certificatePem().getBytes(StandardCharsets.US_ASCII)))).getSerialNumber().toString(16);
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldProvisionOnceWithTheFactoryTokenAndThenAuthenticateByTheCertificate() throws Exception {
        String vin = TestVehicles.nextVin();
        String token = vehicles.register(vin);

        var keys = Provisioning.newKeyPair();
        var reply = provisioning().provisionVehicle(provisionRequest(vin, vin, token).toBuilder().setCsrPem(Provisioning.csr(vin, keys)).build());

        var certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(reply.getCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        var ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(reply.getCaChainPem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + vin);
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        certificate.verify(ca.getPublicKey());
        assertThat(reply.getImageRoot().toByteArray()).isEqualTo(TestSigningService.IMAGE_ROOT);

        vehicles.awaitVehicleCa();
        var vehicle = vehicles.as(new com.otaplatform.agent.VehicleCredentials(Provisioning.privateKeyPem(keys),
                reply.getCertificatePem(), reply.getCaChainPem(), reply.getImageRoot().toByteArray(), reply.getDirectorRoot().toByteArray()));
        var event = StatusEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setRollout("rollouts/" + UUID.randomUUID())
                .setCorrelationId("corr-1").setPhase(UpdatePhase.UPDATE_PHASE_DOWNLOADING).build();
        assertThat(vehicle.reportStatus(ReportStatusRequest.newBuilder().setVin(vin).addEvents(event).build()).getAcknowledgedEventIdsList())
                .containsExactly(event.getEventId());

        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, token)), Status.Code.PERMISSION_DENIED,
                "factory_token: was used already");
    }

    @Test
    void shouldNameWhatIsWrongWithAProvisioningRequest() {
        String vin = TestVehicles.nextVin();
        String other = TestVehicles.nextVin();
        String token = vehicles.register(vin);
        String otherToken = vehicles.register(other);

        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, otherToken)), Status.Code.PERMISSION_DENIED,
                "factory_token: is not the factory token of vin " + vin);
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, other, token)), Status.Code.INVALID_ARGUMENT,
                "vin: must equal the CSR's subject CN");
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, token).toBuilder().setCsrPem("not a CSR").build()),
                Status.Code.INVALID_ARGUMENT, "csr_pem:");
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(TestVehicles.nextVin(), vin, token)),
                Status.Code.PERMISSION_DENIED, "vin: ");
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, "")), Status.Code.INVALID_ARGUMENT,
                "factory_token:");
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, token).toBuilder().putAttributes("a", "b").build()),
                Status.Code.INVALID_ARGUMENT, "attributes:");
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, token).toBuilder().clearEcuKeys().build()),
                Status.Code.INVALID_ARGUMENT, "ecu_keys: must hold 1 to 128 ECU keys");
        assertStatus(() -> provisioning().provisionVehicle(withKey(provisionRequest(vin, vin, token), 1,
                k -> k.setPublicKey(ByteString.copyFrom(new byte[31])))), Status.Code.INVALID_ARGUMENT, "ecu_keys[1].public_key:");
        assertStatus(() -> provisioning().provisionVehicle(withKey(provisionRequest(vin, vin, token), 1, k -> k.setMethod("rsa"))),
                Status.Code.INVALID_ARGUMENT, "ecu_keys[1].method:");
        assertStatus(() -> provisioning().provisionVehicle(withKey(provisionRequest(vin, vin, token), 1, k -> k.setEcuSerial("ADAS-1"))),
                Status.Code.INVALID_ARGUMENT, "ecu_keys[1].ecu_serial: 'ADAS-1' has a key already");
        assertStatus(() -> provisioning().provisionVehicle(provisionRequest(vin, vin, token).toBuilder().setPrimaryEcuSerial("GW-1").build()),
                Status.Code.INVALID_ARGUMENT, "primary_ecu_serial: 'GW-1' has no key in ecu_keys");

        // none of the refusals spent the token
        assertThat(provisioning().provisionVehicle(provisionRequest(vin, vin, token)).getCertificatePem()).contains("BEGIN CERTIFICATE");
    }
}
