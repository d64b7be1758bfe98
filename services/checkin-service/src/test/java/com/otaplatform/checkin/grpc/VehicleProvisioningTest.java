package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.otaplatform.agent.EcuKeys;
import com.otaplatform.agent.Provisioning;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.checkin.testing.VehicleCaResource;
import com.otaplatform.fleet.v1.FleetServiceGrpc;
import com.otaplatform.fleet.v1.RegisterVehicleRequest;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.testkit.TestSigningService;
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
        assertStatus(() -> fleetAs("fleet-admin").registerVehicle(request), Status.Code.ALREADY_EXISTS, "vehicles/" + vin);
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
                reply.getCertificatePem(), reply.getCaChainPem(), reply.getImageRoot().toByteArray()));
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
