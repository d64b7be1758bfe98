package com.otaplatform.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.ThresholdVerifier;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timestamp key generated inside a real SoftHSM2 token (ECDSA P-256 through the JDK's SunPKCS11) signs the image
 * repository's timestamp, which a TUF client trusting root v1 verifies over HTTP.
 */
@QuarkusTest
@TestProfile(HsmKeysTest.SoftHsmToken.class)
class HsmKeysTest {
    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "4711-test-pin";

    /** The token's label; the run before's token of that label is deleted first, so tokens do not pile up. */
    static final String LABEL = "ota-signing-service-test";

    /** A fresh SoftHSM2 token for this run (softhsm2-util), and a fresh repository (own application start). */
    public static class SoftHsmToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ota.signing.pkcs11.library", LIBRARY, "ota.signing.pkcs11.slot", initToken(LABEL), "ota.signing.pkcs11.pin", PIN);
        }

        private static String initToken(String label) {
            if (!Files.exists(Path.of(LIBRARY))) {
                throw new IllegalStateException(LIBRARY + " is missing: apt-get install softhsm2 (dev/test installs it)");
            }
            try {
                new ProcessBuilder("softhsm2-util", "--delete-token", "--token", label).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN,
                        "--so-pin", "so-" + PIN).redirectErrorStream(true).start();
                String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
                if (init.waitFor() != 0 || !slot.find()) {
                    throw new IllegalStateException("softhsm2-util --init-token failed: " + output);
                }
                return slot.group(1);
            } catch (IOException e) {
                throw new IllegalStateException("cannot run softhsm2-util (apt-get install softhsm2): " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;
    @Inject
    KeyManagement keys;
    @Inject
    OfflineSigning offlineSigning;
    @Inject
    SigningConfig config;

    @TempDir
    Path dir;

    @Test
    void shouldSignTheTimestampWithAKeyThatNeverLeavesTheHsm() throws Exception {
        ImageRepositoryHttp http = new ImageRepositoryHttp(port);
        TufUpdater client = http.clientTrustingRootV1(dir.resolve("client"));
        SigningKey hsmKey = keys.createInHsm(List.of(RoleName.TIMESTAMP));
        assertThat(hsmKey.storage()).isEqualTo(KeyStorage.HSM);
        assertThat(hsmKey.scheme()).isEqualTo(KeyScheme.ECDSA_P256);

        SigningProgress rotated = offlineSigning.prepare(RoleName.ROOT, Map.of(RoleName.TIMESTAMP, new Role(List.of(hsmKey.keyId()), 1)));

        assertThat(rotated.published()).as("root v1's online key signs root v2 at once").isTrue();
        RootMetadata root = RootMetadata.from(SignedMetadata.parse(http.served("2.root.json")));
        assertThat(root.role(RoleName.TIMESTAMP).keyIds()).containsExactly(hsmKey.keyId());
        SignedMetadata timestamp = SignedMetadata.parse(http.served("timestamp.json"));
        assertThat(timestamp.signatures()).extracting(s -> s.keyId()).containsExactly(hsmKey.keyId());
        ThresholdVerifier.verify(RoleName.TIMESTAMP, timestamp, root.role(RoleName.TIMESTAMP), root.keys());
        var trusted = client.refresh();
        assertThat(trusted.root().version()).isEqualTo(2);
        assertThat(trusted.timestamp().version()).isEqualTo(timestamp.version());
    }

    @Test
    void shouldFindTheKeyInTheTokenAgainAfterARestart() {
        SigningKey hsmKey = keys.createInHsm(List.of(RoleName.SNAPSHOT));
        byte[] data = "metadata to sign".getBytes(StandardCharsets.UTF_8);

        byte[] signature = new HsmKeys(config).signer(hsmKey).sign(data);

        assertThat(PublicKeys.verify(hsmKey.publicKey(), signature, data)).isTrue();
    }
}
