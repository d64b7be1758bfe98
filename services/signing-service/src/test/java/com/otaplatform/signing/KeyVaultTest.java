package com.otaplatform.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.otaplatform.common.Database;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.signing.repository.KeyRepository;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image repository's keys are stored encrypted and open again, in a new vault, only with the right passphrase. */
@QuarkusTest
class KeyVaultTest {
    private static final byte[] DATA = "metadata to sign".getBytes(StandardCharsets.UTF_8);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    KeyRepository keys;
    @Inject
    ImageRepositoryManagement repository;
    @Inject
    SigningConfig config;

    private List<SigningKey> storedKeys() {
        return new Database(dataSource).inTransaction(keys::all);
    }

    @Test
    void shouldStoreEveryBootstrapKeyEncryptedAtRest() {
        List<SigningKey> stored = storedKeys();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(4);
        assertThat(stored).allSatisfy(key -> {
            assertThat(key.storage()).isEqualTo(KeyStorage.ENCRYPTED);
            assertThat(key.encryptedPrivateKey()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----").doesNotContain("BEGIN PRIVATE KEY");
        });
    }

    @Test
    void shouldSignWithStoredKeyAfterRestart() {
        RootMetadata root = RootMetadata.from(SignedMetadata.parse(repository.current(RoleName.ROOT).bytes()));
        String timestampKeyId = root.role(RoleName.TIMESTAMP).keyIds().get(0);
        SigningKey stored = storedKeys().stream().filter(k -> k.keyId().equals(timestampKeyId)).findFirst().orElseThrow();

        Signer reopened = new KeyVault(config.keyPassphrase()).signer(stored);

        assertThat(reopened.keyId()).isEqualTo(timestampKeyId);
        assertThat(PublicKeys.verify(root.keys().get(timestampKeyId), reopened.sign(DATA), DATA)).isTrue();
    }

    @Test
    void shouldRefuseWrongPassphraseNamingTheKey() {
        SigningKey stored = storedKeys().get(0);
        KeyVault wrong = new KeyVault("not-the-passphrase-of-this-service");

        assertThatThrownBy(() -> wrong.signer(stored))
                .isInstanceOfSatisfying(TufException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_DECRYPTION_FAILED))
                .hasMessageContaining(stored.keyId()).hasMessageContaining("wrong passphrase");
    }

    @Test
    void shouldRefuseMissingOrShortPassphrase() {
        assertThatThrownBy(() -> new KeyVault("")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ota.signing.key-passphrase");
        assertThatThrownBy(() -> new KeyVault("short")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least " + KeyVault.MIN_PASSPHRASE_LENGTH);
    }
}
