package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.agent.VehicleCredentials;
import com.otaplatform.agent.EcuKeys;
import com.otaplatform.checkin.testing.LogCapture;
import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.checkin.testing.VehicleCaResource;
import com.otaplatform.common.v1.Digests;
import com.otaplatform.signing.v1.RevokeVehicleCertificateRequest;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.agent.testing.TestVehicleCa;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.ReportStatusRequest;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.StatusEvent;
import com.otaplatform.vehicle.v1.UpdatePhase;
import com.otaplatform.vehicle.v1.VehicleManifest;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** THREATS.md "vehicle impersonation" and manifests for another VIN, over real TLS connections to the vehicle port. */
@QuarkusTest
@WithTestResource(value = VehicleCaResource.class, scope = TestResourceScope.GLOBAL)
class VehicleAuthenticationTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @ConfigProperty(name = "quarkus.grpc.clients.signing.port")
    int signingPort;
    @Inject
    AgroalDataSource dataSource;

    private TestVehicles vehicles;
    private LogCapture refusals;

    @BeforeEach
    void start() {
        vehicles = new TestVehicles();
        vehicles.awaitVehicleCa();
        refusals = LogCapture.of(VehicleAuthenticator.class);
    }

    @AfterEach
    void stop() throws InterruptedException {
        refusals.close();
        vehicles.close();
    }

    /** A check-in signed by fresh ECU keys: calls refused before the manifest is verified never get to them. */
    private static CheckInRequest checkIn(String vin) {
        return CheckInRequest.newBuilder().setManifest(EcuKeys.generate(List.of(TestVehicle.DEFAULT_ECU_SERIAL))
                .signedManifest(vin, List.of(TestVehicle.createDefaultReport()))).build();
    }

    private static ReportStatusRequest report(String vin) {
        return ReportStatusRequest.newBuilder().setVin(vin).addEvents(StatusEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setRollout("rollouts/" + UUID.randomUUID()).setCorrelationId("corr-1").setPhase(UpdatePhase.UPDATE_PHASE_DOWNLOADING)).build();
    }

    private void assertRefused(ThrowingCallable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    private long rows(String table, String vin) throws SQLException {
        try (Connection c = dataSource.getConnection();
             var statement = c.prepareStatement("select count(*) from " + table + " where vin = ?")) {
            statement.setString(1, vin);
            var row = statement.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }

    private void assertNothingStoredFor(String vin) throws SQLException {
        assertThat(rows("vehicle", vin)).isZero();
        assertThat(rows("status_event", vin)).isZero();
    }

    @Test
    void shouldCheckInAndReportAsTheVehicleOfTheCertificate() throws SQLException {
        String vin = TestVehicles.nextVin();
        var vehicle = vehicles.newVehicle(vin);

        assertThat(vehicle.checkIn(TestVehicle.createDefaultReport()).getNonce()).isNotBlank();
        assertThat(vehicle.service().reportStatus(report(vin)).getAcknowledgedEventIdsCount()).isEqualTo(1);
        assertThat(rows("vehicle", vin)).isOne();
        assertThat(rows("status_event", vin)).isOne();
    }

    @Test
    void shouldRefuseAVehicleWithoutClientCertificate() throws SQLException {
        String vin = TestVehicles.nextVin();
        var anonymous = VehicleServiceGrpc.newBlockingStub(vehicles.unprovisioned());

        assertRefused(() -> anonymous.checkIn(checkIn(vin)), Status.Code.UNAUTHENTICATED, "no client certificate");
        assertRefused(() -> anonymous.reportStatus(report(vin)), Status.Code.UNAUTHENTICATED, "no client certificate");
        assertNothingStoredFor(vin);
        assertThat(refusals.lines()).anySatisfy(line -> assertThat(line).contains("refused CheckIn").contains("no client certificate"));
    }

    @Test
    void shouldRefuseAVehicleCallOnThePlainPort() throws Exception {
        String vin = TestVehicles.nextVin();
        var plain = TestChannels.loopback(port);
        try {
            assertRefused(() -> VehicleServiceGrpc.newBlockingStub(plain).checkIn(checkIn(vin)), Status.Code.UNAUTHENTICATED,
                    "vehicles call over mutual TLS");
        } finally {
            TestChannels.close(plain);
        }
        assertNothingStoredFor(vin);
    }

    @Test
    void shouldRefuseACertificateOfAnotherCa() throws SQLException {
        String vin = TestVehicles.nextVin();
        var impostor = vehicles.as(new TestVehicleCa("CN=Test Vehicle CA,O=OTA platform tests").vehicle(vin));

        assertRefused(() -> impostor.checkIn(checkIn(vin)), Status.Code.UNAUTHENTICATED,
                "the client certificate is not signed by the vehicle CA");
        var stranger = vehicles.as(new TestVehicleCa("CN=Someone Else's CA").vehicle(vin));
        assertRefused(() -> stranger.reportStatus(report(vin)), Status.Code.UNAUTHENTICATED, "the client certificate is issued by");
        assertNothingStoredFor(vin);
        assertThat(refusals.lines()).anySatisfy(line -> assertThat(line).contains("not signed by the vehicle CA"));
    }

    @Test
    void shouldRefuseARevokedCertificateOnceTheRevocationListIsRefreshed() throws Exception {
        String vin = TestVehicles.nextVin();
        var vehicle = vehicles.newVehicle(vin);
        VehicleCredentials credentials = vehicle.credentials();
        assertThat(vehicle.checkIn(TestVehicle.createDefaultReport()).getNonce()).isNotBlank();
        long eventsBefore = rows("status_event", vin);

        var signing = TestChannels.loopback(signingPort);
        try {
            com.otaplatform.signing.v1.SigningServiceGrpc.newBlockingStub(signing).revokeVehicleCertificate(
                    RevokeVehicleCertificateRequest.newBuilder().setSerial(serial(credentials)).setReason("stolen").build());
        } finally {
            TestChannels.close(signing);
        }
        // the same connection keeps working until check-in reads the new revocation list (every second in tests)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        StatusRuntimeException refused = null;
        while (refused == null && Instant.now().isBefore(deadline)) {
            try {
                vehicle.checkIn(TestVehicle.createDefaultReport());
                Thread.sleep(200);
            } catch (StatusRuntimeException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription()).contains("is revoked");
        assertRefused(() -> vehicles.as(credentials).reportStatus(report(vin)), Status.Code.UNAUTHENTICATED, "the client certificate");
        assertThat(rows("status_event", vin)).isEqualTo(eventsBefore);
    }

    @Test
    void shouldRefuseAManifestOrReportForAnotherVin() throws SQLException {
        String vin = TestVehicles.nextVin();
        String victim = TestVehicles.nextVin();
        var vehicle = vehicles.newVehicle(vin).service();

        assertRefused(() -> vehicle.checkIn(checkIn(victim)), Status.Code.PERMISSION_DENIED,
                "manifest.vin: '" + victim + "' is not the VIN of the client certificate (" + vin + ")");
        assertRefused(() -> vehicle.reportStatus(report(victim)), Status.Code.PERMISSION_DENIED, "vin: '" + victim + "'");
        assertNothingStoredFor(victim);
        assertNothingStoredFor(vin);
        assertThat(refusals.lines()).anySatisfy(line -> assertThat(line).contains(vin).contains(victim));
    }

    private static String serial(VehicleCredentials credentials) {
        try {
            var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(credentials.certificatePem().getBytes()));
            return certificate.getSerialNumber().toString(16);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
