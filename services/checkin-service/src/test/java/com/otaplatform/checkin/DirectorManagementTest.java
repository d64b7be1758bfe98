package com.otaplatform.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
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
import java.time.Clock;
import java.time.Instant;
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
            "b".repeat(128), 4096, "2.5.0", "adas-main/adas-2.5.0.img", 7);

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    DirectorManagement director;
    @TempDir
    Path cache;

    private ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = TestChannels.loopback(port);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        TestChannels.close(channel);
    }

    private static String nextVin() {
        return String.format("LDR%014d", VINS.incrementAndGet());
    }

    private CheckInResponse checkIn(String vin) {
        EcuVersionReport report = EcuVersionReport.newBuilder().setEcuSerial("ADAS-1").setEcu("adas-main").setHardwareId("adas-v3").build();
        VehicleManifest manifest = VehicleManifest.newBuilder().setVin(vin).setPrimaryEcuSerial("ADAS-1")
                .addEcuReports(SignedEcuVersionReport.newBuilder().setReport(report.toByteString())).build();
        return VehicleServiceGrpc.newBlockingStub(channel).checkIn(CheckInRequest.newBuilder()
                .setManifest(SignedVehicleManifest.newBuilder().setManifest(manifest.toByteString())).build());
    }

    private TufUpdater trustingDirectorRoot(CheckInResponse response) throws Exception {
        byte[] root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/repo/director/1.root.json"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Path dir = Files.createTempDirectory(cache, "director");
        TufUpdater.init(dir, root);
        return new TufUpdater(dir, URI.create(response.getDirectorRepositoryUrl()), UpdaterConfig.defaults(), Clock.systemUTC());
    }

    private DirectorMetadata assign(String vin, List<Assignment.Download> downloads) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return director.forVehicle(c, vin, downloads);
        }
    }

    @Test
    void shouldServeEachVehicleItsDirectorRepositoryThatAStandardTufClientVerifies() throws Exception {
        String vin = nextVin();
        CheckInResponse response = checkIn(vin);

        assertThat(response.getDirectorRepositoryUrl()).isEqualTo("http://127.0.0.1:" + port + "/repo/director/" + vin + "/");
        assertThat(response.getImageRepositoryUrl()).endsWith("/repo/image/");
        TargetsMetadata targets = trustingDirectorRoot(response).refresh().targets();
        assertThat(targets.version()).isEqualTo(1);
        assertThat(targets.targets()).isEmpty();
        assertThat(response.getDirectorTargets().toByteArray()).isEqualTo(director.stored(vin).orElseThrow().targets());
    }

    @Test
    void shouldNotSignAgainWhenTheAssignmentIsUnchanged() {
        String vin = nextVin();
        ByteString first = checkIn(vin).getDirectorTargets();
        ByteString second = checkIn(vin).getDirectorTargets();

        assertThat(second).isEqualTo(first);
        assertThat(director.stored(vin).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void shouldBindEachAssignedImageToItsEcuSerialAndHardwareIdInANewVersion() throws Exception {
        String vin = nextVin();
        CheckInResponse response = checkIn(vin);
        TufUpdater client = trustingDirectorRoot(response);
        client.refresh();
        var download = new Assignment.Download("ADAS-1", DEFAULT_TARGET, "http://s3/x", Instant.now());

        DirectorMetadata assigned = assign(vin, List.of(download));
        DirectorMetadata again = assign(vin, List.of(download));

        assertThat(assigned.version()).isEqualTo(2);
        assertThat(again.version()).isEqualTo(2);
        TargetFile target = client.refresh().targets().target(DEFAULT_TARGET.targetName()).orElseThrow();
        assertThat(target.ecuIdentifiers()).isEqualTo(Map.of("ADAS-1", "adas-v3"));
        assertThat(target.length()).isEqualTo(4096);
        assertThat(target.hashes()).isEqualTo(Map.of("sha256", "a".repeat(64), "sha512", "b".repeat(128)));
        assertThat(target.releaseCounter()).hasValue(7);
        assertThat(assign(vin, List.of()).version()).isEqualTo(3);
        assertThat(client.refresh().targets().targets()).isEmpty();
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
