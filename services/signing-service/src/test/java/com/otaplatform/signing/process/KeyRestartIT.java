package com.otaplatform.signing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.signing.ImageRepositoryHttp;
import com.otaplatform.signing.v1.PrepareRoleMetadataRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import com.otaplatform.testkit.BearerToken;
import com.otaplatform.testkit.Keycloak;
import com.otaplatform.testkit.ServiceProcess;
import com.otaplatform.testkit.TestChannels;
import com.otaplatform.testkit.TestDatabases;
import com.otaplatform.tuf.client.TufUpdater;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service stopped and started again on its own database: the keys the first process generated and stored
 * encrypted open in the second one and sign there, and a wrong passphrase stops the start naming the key.
 */
class KeyRestartIT {
    private static final String DATABASE = "ota_signing_restart_it";
    private static final String PASSPHRASE = "restart-it-passphrase-not-secret";
    private static final Path ROOT = Path.of("../..");
    private static final Path LOGS = Path.of("target", "it-logs");

    @TempDir
    Path dir;

    @BeforeAll
    static void freshDatabase() throws Exception {
        TestDatabases.recreate(DATABASE);
    }

    private static ServiceProcess start(String passphrase, String run) throws Exception {
        return ServiceProcess.quarkusService(ROOT, "signing-service", "256m", ServiceProcess.freePort(),
                Map.of("OTA_DB_URL", TestDatabases.url(DATABASE), "OTA_SIGNING_KEY_PASSPHRASE", passphrase,
                        "OTA_SIGNING_RESIGN_INTERVAL", "off"), LOGS.resolve("signing-restart-" + run + ".log"));
    }

    @Test
    void shouldSignWithTheKeysEncryptedByTheFirstProcessAfterARestart() throws Exception {
        byte[] rootV1;
        try (ServiceProcess first = start(PASSPHRASE, "first")) {
            rootV1 = new ImageRepositoryHttp(first.port()).served("1.root.json");
        }

        try (ServiceProcess second = start(PASSPHRASE, "second")) {
            ImageRepositoryHttp http = new ImageRepositoryHttp(second.port());
            assertThat(http.served("1.root.json")).as("no new keys at the second start").isEqualTo(rootV1);
            assertThat(http.get("2.root.json").statusCode()).isEqualTo(404);
            Path metadata = dir.resolve("client");
            TufUpdater.init(metadata, rootV1);

            PrepareRoleMetadataResponse targets = prepareTargets(second.port());

            assertThat(targets.getProgress().getPublished()).as("the reopened online targets key signed").isTrue();
            assertThat(http.client(metadata).refresh().targets().version()).as("verified with root v1's keys")
                    .isEqualTo(targets.getVersion());
        }

        assertThatThrownBy(() -> start("another-passphrase-of-16-chars", "wrong-passphrase")).hasMessageContaining("exited during start");
        assertThat(Files.readString(LOGS.resolve("signing-restart-wrong-passphrase.log"))).contains("KEY_DECRYPTION_FAILED");
    }

    private static PrepareRoleMetadataResponse prepareTargets(int port) throws InterruptedException {
        ManagedChannel channel = TestChannels.loopback(port);
        try {
            return SigningServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerToken.of(Keycloak.userToken("rel-eng")))
                    .prepareRoleMetadata(PrepareRoleMetadataRequest.newBuilder().setRole(Role.ROLE_TARGETS).build());
        } finally {
            TestChannels.close(channel);
        }
    }
}
