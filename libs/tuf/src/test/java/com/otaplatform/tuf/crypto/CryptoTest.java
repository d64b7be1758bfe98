package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.model.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoTest {
    private static final byte[] DATA = "hello tuf".getBytes(StandardCharsets.UTF_8);

    @Test
    void ed25519SignsAndVerifiesInTufForm() {
        LocalSigner s = KeyPairs.ed25519();
        Key k = s.publicKey();
        assertThat(k.keyType()).isEqualTo("ed25519");
        assertThat(k.publicValue()).matches("[0-9a-f]{64}");
        byte[] sig = s.sign(DATA);
        assertThat(sig).hasSize(64);
        assertThat(PublicKeys.verify(k, sig, DATA)).isTrue();
        assertThat(PublicKeys.verify(k, sig, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(s.keyId()).isEqualTo(k.keyId()).hasSize(64);
    }

    @Test
    void ecdsaP256SignsAndVerifiesWithPemKey() {
        LocalSigner s = KeyPairs.ecdsaP256();
        Key k = s.publicKey();
        assertThat(k.keyType()).isEqualTo("ecdsa");
        assertThat(k.scheme()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(k.publicValue()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        byte[] sig = s.sign(DATA);
        assertThat(PublicKeys.verify(k, sig, DATA)).isTrue();
        // same key material in differently wrapped PEM has a different key id but the same identity
        Key rewrapped = new Key(k.keyType(), k.scheme(), k.publicValue().replace("\n", "\r\n"));
        assertThat(rewrapped.keyId()).isNotEqualTo(k.keyId());
        assertThat(PublicKeys.material(rewrapped)).isEqualTo(PublicKeys.material(k));
        assertThat(PublicKeys.verify(rewrapped, sig, DATA)).isTrue();
    }

    @Test
    void signatureFromAnotherKeyFails() {
        LocalSigner a = KeyPairs.ed25519();
        LocalSigner b = KeyPairs.ed25519();
        assertThat(PublicKeys.verify(b.publicKey(), a.sign(DATA), DATA)).isFalse();
    }

    @Test
    void encryptedKeySurvivesSaveLoad(@TempDir Path dir) throws Exception {
        for (LocalSigner s : new LocalSigner[]{KeyPairs.ed25519(), KeyPairs.ecdsaP256()}) {
            Path file = dir.resolve(s.publicKey().keyType() + ".pem");
            PrivateKeyFiles.save(file, s.privateKey(), "correct horse".toCharArray());
            assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            LocalSigner loaded = PrivateKeyFiles.loadSigner(file, "correct horse".toCharArray());
            assertThat(loaded.keyId()).isEqualTo(s.keyId());
            assertThat(PublicKeys.verify(s.publicKey(), loaded.sign(DATA), DATA)).isTrue();
        }
    }

    @Test
    void wrongPassphraseFailsClearly(@TempDir Path dir) {
        LocalSigner s = KeyPairs.ecdsaP256();
        Path file = dir.resolve("k.pem");
        PrivateKeyFiles.save(file, s.privateKey(), "right".toCharArray());
        assertThatThrownBy(() -> PrivateKeyFiles.load(file, "wrong".toCharArray()))
                .isInstanceOfSatisfying(TufException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.KEY_DECRYPTION_FAILED);
                    assertThat(e.getMessage()).contains("wrong passphrase");
                });
    }

    @Test
    void encryptedPemTextDecryptsOnlyWithItsPassphrase() {
        LocalSigner s = KeyPairs.ecdsaP256();
        String pem = PrivateKeyFiles.encrypt(s.privateKey(), "a long passphrase".toCharArray());
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        LocalSigner reopened = PrivateKeyFiles.decryptSigner(pem, "a long passphrase".toCharArray(), "key in a row");
        assertThat(reopened.keyId()).isEqualTo(s.keyId());
        assertThat(PublicKeys.verify(s.publicKey(), reopened.sign(DATA), DATA)).isTrue();
        assertThatThrownBy(() -> PrivateKeyFiles.decrypt(pem, "another passphrase".toCharArray(), "key in a row"))
                .isInstanceOfSatisfying(TufException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_DECRYPTION_FAILED))
                .hasMessageContaining("key in a row");
    }
}
