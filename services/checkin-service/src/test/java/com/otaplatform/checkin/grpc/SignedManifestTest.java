package com.otaplatform.checkin.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.otaplatform.checkin.CheckInManagement;
import com.otaplatform.checkin.testing.LogCapture;
import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.Signature;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.VehicleManifest;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * THREATS.md "forged or replayed vehicle manifest", over mutual TLS against the real database: a manifest must be signed
 * by the ECU keys registered at provisioning and answer the last nonce, once; a refused one is logged and changes nothing.
 */
@QuarkusTest
class SignedManifestTest {
    private static final String PRIMARY = "ADAS-1";
    private static final String SECONDARY = "TCU-1";

    @Inject
    AgroalDataSource dataSource;

    private TestVehicles vehicles;
    private LogCapture log;

    @BeforeEach
    void start() {
        vehicles = new TestVehicles();
        log = LogCapture.of(CheckInManagement.class);
    }

    @AfterEach
    void stop() throws InterruptedException {
        log.close();
        vehicles.close();
    }

    private static EcuVersionReport report(String serial, String version) {
        return TestVehicle.createDefaultReport().toBuilder().setEcuSerial(serial).setEcu(serial.toLowerCase().replace("-", ""))
                .setInstalledVersion(version).build();
    }

    /** A vehicle with a primary and a secondary ECU that checked in once, on versions 1.0.0. */
    private TestVehicle createDefaultVehicle() {
        TestVehicle vehicle = vehicles.newVehicle(TestVehicles.nextVin(), PRIMARY, SECONDARY);
        vehicle.checkIn(report(PRIMARY, "1.0.0"), report(SECONDARY, "1.0.0"));
        return vehicle;
    }

    /** What the database holds about a vehicle: its reported ECUs and when it was seen, the nonce, the rollouts that reached it. */
    private String stored(String vin) throws SQLException {
        try (Connection c = dataSource.getConnection();
             var statement = c.prepareStatement("select (select ecus::text || ' ' || last_seen from vehicle where vin = ?),"
                     + " (select coalesce(nonce, '') from vehicle_registration where vin = ?),"
                     + " (select count(*) from vehicle_rollout where vin = ?), (select count(*) from status_event where vin = ?)")) {
            for (int i = 1; i <= 4; i++) {
                statement.setString(i, vin);
            }
            var row = statement.executeQuery();
            row.next();
            return row.getString(1) + " | nonce " + row.getString(2) + " | rollouts " + row.getLong(3) + " | events " + row.getLong(4);
        }
    }

    /** Asserts {@code call} fails with {@code code} and the ErrorInfo {@code reason}, naming {@code field}; returns the ErrorInfo. */
    private static ErrorInfo assertRefused(ThrowingCallable call, Status.Code code, String reason, String field) {
        List<ErrorInfo> info = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(field + ": ");
            var details = StatusProto.fromThrowable(e);
            assertThat(details).isNotNull();
            try {
                info.add(details.getDetails(0).unpack(ErrorInfo.class));
            } catch (InvalidProtocolBufferException malformed) {
                throw new AssertionError(malformed);
            }
        });
        assertThat(info.get(0).getReason()).isEqualTo(reason);
        assertThat(info.get(0).getDomain()).isEqualTo("ota.vehicle.v1");
        assertThat(info.get(0).getMetadataMap()).containsEntry("field", field);
        return info.get(0);
    }

    @Test
    void shouldRecordASignedManifestAndIssueAFreshNonceEachTime() throws SQLException {
        TestVehicle vehicle = vehicles.newVehicle(TestVehicles.nextVin(), PRIMARY, SECONDARY);

        CheckInResponse first = vehicle.checkIn(report(PRIMARY, "1.0.0"), report(SECONDARY, "1.0.0"));
        CheckInResponse second = vehicle.checkIn(report(PRIMARY, "1.1.0"), report(SECONDARY, "1.0.0"));

        assertThat(first.getNonce()).isNotBlank().isNotEqualTo(second.getNonce());
        assertThat(stored(vehicle.vin())).contains("\"installedVersion\": \"1.1.0\"").contains("nonce " + second.getNonce());
    }

    @Test
    void shouldRefuseAReportNotSignedByItsEcuAndChangeNothing() throws SQLException {
        TestVehicle vehicle = createDefaultVehicle();
        String before = stored(vehicle.vin());
        // the primary signs the manifest, but the secondary's report is signed by a key that is not the one registered for it
        VehicleManifest genuine = parse(vehicle.request(report(PRIMARY, "6.6.6"), report(SECONDARY, "6.6.6")).getManifest());
        EcuVersionReport secondary = report(SECONDARY, "6.6.6").toBuilder().setNonce(vehicle.nonce()).build();
        var manifest = genuine.toBuilder().setEcuReports(1, signed(KeyPairs.ed25519(), secondary)).build();
        CheckInRequest request = CheckInRequest.newBuilder().setManifest(signedByPrimary(vehicle, manifest)).build();

        assertRefused(() -> vehicle.checkIn(request), Status.Code.PERMISSION_DENIED, "BAD_ECU_SIGNATURE", "manifest.ecu_reports[1].signatures");
        assertThat(stored(vehicle.vin())).isEqualTo(before);
        assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(vehicle.vin()).contains("BAD_ECU_SIGNATURE"));
        // the nonce was not spent: the vehicle itself still checks in with it
        assertThat(vehicle.checkIn(report(PRIMARY, "1.0.0"), report(SECONDARY, "1.0.0")).getNonce()).isNotBlank();
    }

    @Test
    void shouldRefuseAManifestNotSignedByThePrimaryAndChangeNothing() throws SQLException {
        TestVehicle vehicle = createDefaultVehicle();
        String before = stored(vehicle.vin());
        SignedVehicleManifest genuine = vehicle.request(report(PRIMARY, "6.6.6"), report(SECONDARY, "6.6.6")).getManifest();
        // the same reports, each validly signed by its ECU, under a manifest signature whose bytes were altered
        byte[] signature = genuine.getSignatures(0).getValue().toByteArray();
        signature[0] ^= 1;
        CheckInRequest tampered = CheckInRequest.newBuilder().setManifest(genuine.toBuilder()
                .setSignatures(0, genuine.getSignatures(0).toBuilder().setValue(ByteString.copyFrom(signature)))).build();
        CheckInRequest unsigned = CheckInRequest.newBuilder().setManifest(genuine.toBuilder().clearSignatures()).build();

        assertRefused(() -> vehicle.checkIn(tampered), Status.Code.PERMISSION_DENIED, "BAD_MANIFEST_SIGNATURE", "manifest.signatures");
        assertRefused(() -> vehicle.checkIn(unsigned), Status.Code.PERMISSION_DENIED, "BAD_MANIFEST_SIGNATURE", "manifest.signatures");
        assertThat(stored(vehicle.vin())).isEqualTo(before);
        assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(vehicle.vin()).contains("BAD_MANIFEST_SIGNATURE"));
    }

    @Test
    void shouldRefuseAReplayedManifestAndChangeNothing() throws SQLException {
        TestVehicle vehicle = createDefaultVehicle();
        CheckInRequest captured = vehicle.request(report(PRIMARY, "1.0.0"), report(SECONDARY, "1.0.0"));
        vehicle.checkIn(captured);
        vehicle.checkIn(report(PRIMARY, "2.0.0"), report(SECONDARY, "2.0.0"));
        String before = stored(vehicle.vin());

        ErrorInfo refusal = assertRefused(() -> vehicle.service().checkIn(captured), Status.Code.FAILED_PRECONDITION, "REUSED_NONCE",
                "manifest.ecu_reports[0].nonce");

        assertThat(stored(vehicle.vin())).isEqualTo(before).contains("\"installedVersion\": \"2.0.0\"");
        assertThat(refusal.getMetadataMap()).containsEntry("nonce", vehicle.nonce());
        assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(vehicle.vin()).contains("REUSED_NONCE"));
    }

    @Test
    void shouldLetOnlyOneOfConcurrentCopiesOfAManifestThrough() throws Exception {
        TestVehicle vehicle = createDefaultVehicle();
        CheckInRequest request = vehicle.request(report(PRIMARY, "3.0.0"), report(SECONDARY, "3.0.0"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Status.Code>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit((Callable<Status.Code>) () -> {
                go.await();
                try {
                    vehicle.service().checkIn(request);
                    return Status.Code.OK;
                } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode();
                }
            }));
        }
        go.countDown();
        List<Status.Code> outcomes = new ArrayList<>();
        for (Future<Status.Code> call : calls) {
            outcomes.add(call.get());
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn(Status.Code.OK::equals).hasSize(1);
        assertThat(outcomes).filteredOn(Status.Code.FAILED_PRECONDITION::equals).hasSize(7);
    }

    @Test
    void shouldLetAVehicleThatLostItsNonceRecoverWithTheOneTheRefusalNames() {
        TestVehicle vehicle = createDefaultVehicle();
        CheckInRequest stale = vehicle.request(report(PRIMARY, "1.0.0"), report(SECONDARY, "1.0.0"));
        // the server issued a nonce the vehicle never stored (the answer was lost)
        vehicle.service().checkIn(stale);

        ErrorInfo refusal = assertRefused(() -> vehicle.checkIn(stale), Status.Code.FAILED_PRECONDITION, "REUSED_NONCE",
                "manifest.ecu_reports[0].nonce");
        String current = refusal.getMetadataOrThrow("nonce");
        CheckInRequest answer = CheckInRequest.newBuilder().setManifest(vehicle.keys().signedManifest(vehicle.vin(),
                List.of(report(PRIMARY, "1.0.0").toBuilder().setNonce(current).build(),
                        report(SECONDARY, "1.0.0").toBuilder().setNonce(current).build()))).build();

        assertThat(vehicle.checkIn(answer).getNonce()).isNotBlank().isNotEqualTo(current);
    }

    @Test
    void shouldRefuseReportsThatDisagreeOnTheNonce() throws SQLException {
        TestVehicle vehicle = createDefaultVehicle();
        String before = stored(vehicle.vin());
        CheckInRequest mixed = CheckInRequest.newBuilder().setManifest(vehicle.keys().signedManifest(vehicle.vin(),
                List.of(report(PRIMARY, "6.6.6").toBuilder().setNonce(vehicle.nonce()).build(),
                        report(SECONDARY, "6.6.6").toBuilder().setNonce("an older nonce").build()))).build();

        assertRefused(() -> vehicle.checkIn(mixed), Status.Code.FAILED_PRECONDITION, "REUSED_NONCE", "manifest.ecu_reports[1].nonce");
        assertThat(stored(vehicle.vin())).isEqualTo(before);
    }

    @Test
    void shouldRefuseAManifestForAnotherVinThanTheCertificatesAndChangeNothing() throws SQLException {
        TestVehicle victim = createDefaultVehicle();
        TestVehicle attacker = createDefaultVehicle();
        String victimBefore = stored(victim.vin());
        String attackerBefore = stored(attacker.vin());
        // signed with the victim's own keys and nonce, sent over the attacker's certificate
        CheckInRequest victims = victim.request(report(PRIMARY, "6.6.6"), report(SECONDARY, "6.6.6"));

        assertRefused(() -> attacker.service().checkIn(victims), Status.Code.PERMISSION_DENIED, "VIN_MISMATCH", "manifest.vin");
        assertThat(stored(victim.vin())).isEqualTo(victimBefore);
        assertThat(stored(attacker.vin())).isEqualTo(attackerBefore);
    }

    @Test
    void shouldRefuseAReportOfAnEcuWithoutRegisteredKey() throws SQLException {
        TestVehicle vehicle = createDefaultVehicle();
        String before = stored(vehicle.vin());
        // the vehicle's primary signs; GW-9 signs its report with a key of its own, but that key was never registered
        VehicleManifest genuine = parse(vehicle.request(report(PRIMARY, "1.0.0")).getManifest());
        EcuVersionReport stranger = report("GW-9", "1.0.0").toBuilder().setNonce(vehicle.nonce()).build();
        var manifest = genuine.toBuilder().addEcuReports(signed(KeyPairs.ed25519(), stranger)).build();

        assertRefused(() -> vehicle.checkIn(CheckInRequest.newBuilder().setManifest(signedByPrimary(vehicle, manifest)).build()),
                Status.Code.PERMISSION_DENIED, "UNKNOWN_ECU", "manifest.ecu_reports[1].ecu_serial");
        assertThat(stored(vehicle.vin())).isEqualTo(before);
    }

    @Test
    void shouldRefuseAVehicleWithoutRegisteredKeys() throws SQLException {
        TestVehicle vehicle = vehicles.newVehicle(TestVehicles.nextVin());
        try (Connection c = dataSource.getConnection();
             var statement = c.prepareStatement("update vehicle_registration set ecu_keys = null where vin = ?")) {
            statement.setString(1, vehicle.vin());
            statement.executeUpdate();
        }

        assertRefused(() -> vehicle.checkIn(TestVehicle.createDefaultReport()), Status.Code.FAILED_PRECONDITION, "NO_ECU_KEYS", "manifest");
        assertThat(stored(vehicle.vin())).startsWith("null |");
    }

    private static VehicleManifest parse(SignedVehicleManifest signed) {
        try {
            return VehicleManifest.parseFrom(signed.getManifest());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static Signature signature(Signer signer, ByteString bytes) {
        return Signature.newBuilder().setKeyId(signer.keyId()).setMethod("ed25519").setValue(ByteString.copyFrom(signer.sign(bytes.toByteArray())))
                .build();
    }

    private static SignedEcuVersionReport signed(Signer signer, EcuVersionReport report) {
        return SignedEcuVersionReport.newBuilder().setReport(report.toByteString()).addSignatures(signature(signer, report.toByteString())).build();
    }

    /** {@code manifest} signed by the vehicle's primary ECU key, as a primary that forwards whatever reports it got would. */
    private static SignedVehicleManifest signedByPrimary(TestVehicle vehicle, VehicleManifest manifest) {
        return SignedVehicleManifest.newBuilder().setManifest(manifest.toByteString())
                .addSignatures(signature(vehicle.keys().signer(PRIMARY), manifest.toByteString())).build();
    }
}
