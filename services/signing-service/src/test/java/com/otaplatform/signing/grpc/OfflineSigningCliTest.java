package com.otaplatform.signing.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.otaplatform.signing.ImageRepositoryHttp;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline signing workflow with otactl against the running service: keys generated into local key files, their
 * public halves registered, root 1-of-1 rotated to 2-of-3 by signing the exported file on "offline" machines (no
 * network in {@code keygen} and {@code sign}), and a TUF client trusting root v1 following over HTTP.
 */
@QuarkusTest
@TestProfile(OfflineSigningCliTest.FreshRepository.class)
class OfflineSigningCliTest {
    /** Its own application start, so that Flyway cleans the database and the repository starts at root v1. */
    public static class FreshRepository implements QuarkusTestProfile {
    }

    private static final String PASSPHRASE = "offline-key-passphrase-for-tests";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @TempDir
    Path dir;

    /** otactl in-process, with no network except to this service. */
    private OtactlInProcess cli() {
        return new OtactlInProcess(Map.of("OTACTL_CONFIG_DIR", dir.resolve("config").toString(), "OTACTL_SIGNING_ENDPOINT", "127.0.0.1:" + port,
                "OTACTL_KEY_PASSPHRASE", PASSPHRASE));
    }

    private OtactlInProcess.Result otactl(String user, String... args) {
        return cli().run(user, args);
    }

    private OtactlInProcess.Result ok(String user, String... args) {
        return cli().ok(user, args);
    }

    @Test
    void shouldRotateRootToTwoOfThreeOfflineKeysWithKeygenPrepareSignSubmit() throws Exception {
        ImageRepositoryHttp http = new ImageRepositoryHttp(port);
        TufUpdater client = http.clientTrustingRootV1(dir.resolve("client"));
        List<String> keyIds = new ArrayList<>();
        List<Path> keyFiles = new ArrayList<>();
        for (String scheme : List.of("ed25519", "ecdsa-p256", "ed25519")) {
            Path keyFile = dir.resolve("offline-" + keyIds.size() + ".key");
            JsonNode key = ok("fleet-admin", "signing", "keygen", "--out", keyFile.toString(), "--scheme", scheme, "-o", "json").json();
            assertThat(Files.readString(keyFile)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            JsonNode created = ok("fleet-admin", "signing", "key", "create", "--storage", "offline", "--public-key",
                    keyFile + ".pub", "--role", "root", "-o", "json").json();
            assertThat(created.get("keyId").asText()).isEqualTo(key.get("keyId").asText());
            assertThat(created.get("storage").asText()).isEqualTo("KEY_STORAGE_OFFLINE");
            keyIds.add(key.get("keyId").asText());
            keyFiles.add(keyFile);
        }
        Path staged = dir.resolve("root-v2.json");

        OtactlInProcess.Result prepared = ok("fleet-admin", "signing", "prepare", "--role", "root", "--keys", "root=" + String.join(",", keyIds),
                "--threshold", "root=2", "--out", staged.toString());
        assertThat(prepared.out()).contains("Staged root v2").contains("0 of 2 signature(s) (and 1 of 1 of the trusted root's)");

        ok("fleet-admin", "signing", "sign", staged.toString(), "--key", keyFiles.get(0).toString());
        assertThat(ok("fleet-admin", "signing", "submit", staged.toString()).out()).contains("1 of 2").contains("not published yet");
        assertThat(client.refresh().root().version())
                .as("below threshold the client still sees root v1").isEqualTo(1);

        ok("fleet-admin", "signing", "sign", staged.toString(), "--key", keyFiles.get(1).toString());
        OtactlInProcess.Result submitted = ok("fleet-admin", "signing", "submit", staged.toString(), "-o", "json");

        assertThat(submitted.json().get("published").asBoolean()).isTrue();
        assertThat(submitted.json().get("signatures").asInt()).isEqualTo(2);
        RootMetadata v2 = client.refresh().root();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.role(RoleName.ROOT).keyIds()).containsExactlyInAnyOrderElementsOf(keyIds);
        assertThat(v2.role(RoleName.ROOT).threshold()).isEqualTo(2);
        assertThat(RootMetadata.from(SignedMetadata.parse(http.served("2.root.json"))).version()).isEqualTo(2);
        assertThat(ok("viewer", "signing", "key", "list").out()).contains(keyIds.get(2)).contains("OFFLINE");
    }

    @Test
    void shouldRefuseAnAlteredFileAndAKeyThatDoesNotCount() throws Exception {
        Path keyFile = dir.resolve("stray.key");
        ok("fleet-admin", "signing", "keygen", "--out", keyFile.toString());
        Path staged = dir.resolve("targets.json");
        OtactlInProcess.Result prepared = ok("rel-eng", "signing", "prepare", "--role", "targets", "--out", staged.toString());
        assertThat(prepared.out()).contains("published targets v");

        OtactlInProcess.Result notCounting = otactl("fleet-admin", "signing", "sign", staged.toString(), "--key", keyFile.toString());
        assertThat(notCounting.exitCode()).isEqualTo(6);
        assertThat(notCounting.err()).contains("does not count for staged/");

        Files.writeString(staged, Files.readString(staged).replaceFirst("\"_type\" : \"targets\"", "\"_type\" : \"root\""));
        OtactlInProcess.Result altered = otactl("fleet-admin", "signing", "sign", staged.toString(), "--key", keyFile.toString());
        assertThat(altered.exitCode()).isEqualTo(2);
        assertThat(altered.err()).contains("was altered");

        assertThat(otactl("viewer", "signing", "prepare", "--role", "root", "--out", dir.resolve("x.json").toString()).exitCode())
                .isEqualTo(4);
        assertThat(otactl("fleet-admin", "signing", "keygen", "--out", keyFile.toString()).exitCode()).as("never overwrites a key")
                .isEqualTo(2);
    }
}
