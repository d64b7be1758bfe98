package com.otaplatform.signing;

import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.model.Key;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates keys and opens their encrypted private halves with the service's passphrase. Decrypted signers are kept
 * in memory only (the key derivation is deliberately slow).
 */
@ApplicationScoped
public class KeyVault {
    /** Shorter passphrases are refused at start: they would make the encryption at rest guessable. */
    public static final int MIN_PASSPHRASE_LENGTH = 16;

    private final char[] passphrase;
    private final Map<String, Signer> open = new ConcurrentHashMap<>();

    @Inject
    public KeyVault(SigningConfig config) {
        this(config.keyPassphrase());
    }

    /** A vault with this passphrase, refused when blank or too short. */
    public KeyVault(String passphrase) {
        if (passphrase == null || passphrase.isBlank() || passphrase.length() < MIN_PASSPHRASE_LENGTH) {
            throw new IllegalStateException("ota.signing.key-passphrase (OTA_SIGNING_KEY_PASSPHRASE) must be set to at least "
                    + MIN_PASSPHRASE_LENGTH + " characters: it encrypts the signing keys at rest");
        }
        this.passphrase = passphrase.toCharArray();
    }

    /** A new key for {@code roles}, its private half encrypted with the passphrase. */
    public SigningKey generate(KeyScheme scheme, List<String> roles) {
        KeyPair pair = scheme.generate();
        Key publicKey = PublicKeys.toTufKey(pair.getPublic());
        String encrypted = PrivateKeyFiles.encrypt(pair.getPrivate(), passphrase);
        return new SigningKey(publicKey.keyId(), scheme, KeyStorage.ENCRYPTED, publicKey, roles,
                Instant.now().truncatedTo(ChronoUnit.MICROS), null, encrypted);
    }

    /** A private key (for example the vehicle CA's) encrypted with the passphrase, as PEM text. */
    public String encrypt(PrivateKey key) {
        return PrivateKeyFiles.encrypt(key, passphrase);
    }

    /** A private key encrypted by {@link #encrypt}; KEY_DECRYPTION_FAILED naming {@code what} on a wrong passphrase. */
    public PrivateKey decrypt(String encrypted, String what) {
        return PrivateKeyFiles.decrypt(encrypted, passphrase, what);
    }

    /**
     * The signer of an online key; a wrong passphrase or a corrupt row fails with KEY_DECRYPTION_FAILED naming the
     * key, and a decrypted key whose public half differs from the stored one is refused.
     */
    public Signer signer(SigningKey key) {
        if (key.storage() != KeyStorage.ENCRYPTED || key.encryptedPrivateKey() == null) {
            throw new IllegalArgumentException("key " + key.keyId() + " is not held online (" + key.storage() + ")");
        }
        return open.computeIfAbsent(key.keyId(), id -> {
            Signer signer = PrivateKeyFiles.decryptSigner(key.encryptedPrivateKey(), passphrase, "signing key " + id);
            if (!signer.keyId().equals(id)) {
                throw new IllegalStateException("signing key " + id + " decrypts to another key (" + signer.keyId() + ")");
            }
            return signer;
        });
    }
}
