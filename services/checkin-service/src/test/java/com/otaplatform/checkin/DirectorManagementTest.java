package com.otaplatform.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.checkin.testing.TestVehicle;
import com.otaplatform.checkin.testing.TestVehicles;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.client.UpdaterConfig;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.vehicle.v1.CheckInRequest;
import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.VehicleManifest;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.agroal.api.AgroalDataSource;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class DirectorManagementTest {
    private static final AtomicLong VINS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final LiveRollout.Target DEFAULT_TARGET = new LiveRollout.Target("adas-main", "adas-v3", "a".repeat(64),
            "b".repeat(128), 4096, "2.5.0", "adas-2.5/adas-main/adas-2.5.0.img", 7);
    private static final Assignment.Download DEFAULT_DOWNLOAD = new Assignment.Download("ADAS-1", DEFAULT_TARGET, "http://s3/x",
            Instant.now());

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    DirectorManagement director;
    @TempDir
    Path cache;

    private ManagedChannel channel;
    private TestVehicles vehicles;
    private final Map<String, TestVehicle> provisioned = new HashMap<>();

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

    private static String nextVin() {
        return String.format("LDR%014d", VINS.incrementAndGet());
    }

    private CheckInResponse checkIn(String vin) {
        EcuVersionReport report = EcuVersionReport.newBuilder().setEcuSerial(TestVehicle.DEFAULT_ECU_SERIAL).setEcu("adas-main")
                .setHardwareId("adas-v3").build();
        return provisioned.computeIfAbsent(vin, v -> vehicles.newVehicle(v)).checkIn(report);
    }

    private TufUpdater trustingDirectorRoot(CheckInResponse response) throws Exception {
        byte[] root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/repo/director/1.root.json"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Path dir = Files.createTempDirectory(cache, "director");
        TufUpdater.init(dir, root);
        return new TufUpdater(dir, URI.create(response.getDirectorRepositoryUrl()), UpdaterConfig.defaults(), Clock.systemUTC());
    }

    private DirectorMetadata assign(String vin, List<Assignment.Download> downloads) {
        try (Connection c = dataSource.getConnection()) {
            return director.forVehicle(c, vin, downloads);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldServeEachVehicleItsDirectorRepositoryThatAStandardTufClientVerifies() throws Exception {
        String vin = nextVin();
        CheckInResponse response = checkIn(vin);
        DirectorMetadata assigned = assign(vin, List.of(DEFAULT_DOWNLOAD));

        assertThat(response.getDirectorRepositoryUrl()).isEqualTo("http://127.0.0.1:" + port + "/repo/director/" + vin + "/");
        assertThat(response.getImageRepositoryUrl()).endsWith("/repo/image/");
        TargetsMetadata targets = trustingDirectorRoot(response).refresh().targets();
        assertThat(targets.version()).isEqualTo(assigned.version()).isEqualTo(1);
        TargetFile target = targets.target(DEFAULT_TARGET.targetName()).orElseThrow();
        assertThat(target.ecuIdentifiers()).isEqualTo(Map.of("ADAS-1", "adas-v3"));
        assertThat(target.length()).isEqualTo(4096);
        assertThat(target.hashes()).isEqualTo(Map.of("sha256", "a".repeat(64), "sha512", "b".repeat(128)));
        assertThat(target.releaseCounter()).hasValue(7);
    }

    @Test
    void shouldSignNothingForAVehicleWithoutAssignmentNorAgainWhileTheAssignmentIsUnchanged() {
        String vin = nextVin();
        CheckInResponse unassigned = checkIn(vin);

        assertThat(unassigned.getDirectorTargets().isEmpty()).isTrue();
        assertThat(director.stored(vin)).isEmpty();
        DirectorMetadata first = assign(vin, List.of(DEFAULT_DOWNLOAD));
        DirectorMetadata again = assign(vin, List.of(DEFAULT_DOWNLOAD));
        assertThat(again.version()).isEqualTo(first.version()).isEqualTo(1);
        assertThat(again.targets()).isEqualTo(first.targets());
    }

    @Test
    void shouldSignANewVersionWhenTheAssignmentChanges() throws Exception {
        String vin = nextVin();
        TufUpdater client = trustingDirectorRoot(checkIn(vin));
        assign(vin, List.of(DEFAULT_DOWNLOAD));
        client.refresh();
        LiveRollout.Target next = new LiveRollout.Target("adas-main", "adas-v3", "c".repeat(64), "d".repeat(128), 8192, "2.6.0",
                "adas-2.6/adas-main/adas-2.6.0.img", 8);

        DirectorMetadata changed = assign(vin, List.of(new Assignment.Download("ADAS-1", next, "http://s3/y", Instant.now())));

        assertThat(changed.version()).isEqualTo(2);
        TargetsMetadata targets = client.refresh().targets();
        assertThat(targets.targets()).containsOnlyKeys(next.targetName());
        assertThat(targets.target(next.targetName()).orElseThrow().releaseCounter()).hasValue(8);
    }

    @Test
    void shouldKeepTheDirectorKeysEncryptedAtRest() throws Exception {
        try (Connection c = dataSource.getConnection(); var rows = c.createStatement().executeQuery(
                "select role, encrypted_private_key from director_key order by role")) {
            int count = 0;
            while (rows.next()) {
                count++;
                String pem = rows.getString(2);
                assertThat(pem).contains("ENCRYPTED PRIVATE KEY");
                assertThatThrownBy(() -> PrivateKeyFiles.decrypt(pem, "not-the-passphrase-at-all".toCharArray(), "director key"))
                        .isInstanceOfSatisfying(TufException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_DECRYPTION_FAILED));
            }
            assertThat(count).isEqualTo(4);
        }
    }

    @Test
    void shouldAnswerNotFoundForUnknownFilesAndBadVins() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("LDR00000000000000/9.targets.json", "not-a-vin/timestamp.json", "LDR00000000000000/../x", "2.root.json")) {
            int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/repo/director/" + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).as(path).isEqualTo(404);
        }
    }
}
