package com.otaplatform.signing;

import com.otaplatform.common.ApiException;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.model.Key;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys in a PKCS#11 HSM through the JDK's SunPKCS11 provider (ECDSA P-256: it has no Ed25519). A key is generated inside
 * the token as a non-extractable token object and is only ever used there. SunPKCS11's key store finds a private key
 * only with a certificate, so each key is stored under its key id with a self-signed certificate of its own.
 */
@ApplicationScoped
public class HsmKeys {
    private final SigningConfig.Pkcs11 config;
    private final Map<String, Signer> open = new ConcurrentHashMap<>();
    private Provider provider;
    private KeyStore store;

    HsmKeys(SigningConfig config) {
        this.config = config.pkcs11();
    }

    /** A new ECDSA P-256 key generated inside the HSM, registered for {@code roles}. */
    public SigningKey generate(List<String> roles) {
        try {
            KeyStore keys = store();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Key publicKey = PublicKeys.toTufKey(pair.getPublic());
            keys.setKeyEntry(publicKey.keyId(), pair.getPrivate(), null, new Certificate[]{selfSigned(pair, publicKey.keyId())});
            return new SigningKey(publicKey.keyId(), KeyScheme.ECDSA_P256, KeyStorage.HSM, publicKey, roles, RepositoryPublisher.now(), null,
                    null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key in the HSM: " + e.getMessage(), e);
        }
    }

    /** The signer of a key in the HSM; fails when the token does not hold it. */
    public Signer signer(SigningKey key) {
        return open.computeIfAbsent(key.keyId(), id -> {
            try {
                if (!(store().getKey(id, null) instanceof PrivateKey privateKey)) {
                    throw new IllegalStateException("HSM key " + id + " is not in the token of slot " + config.slot().orElse(null));
                }
                return new LocalSigner(privateKey, key.publicKey(), provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot open HSM key " + id + ": " + e.getMessage(), e);
            }
        });
    }

    /** The token's key store, logged in once; FAILED_PRECONDITION when no HSM is configured. */
    private synchronized KeyStore store() throws GeneralSecurityException {
        if (store == null) {
            String library = config.library().orElseThrow(() -> ApiException.failedPrecondition(
                    "storage: no PKCS#11 HSM is configured (ota.signing.pkcs11.library, .slot, .pin)"));
            long slot = config.slot().orElseThrow(() -> new IllegalStateException("ota.signing.pkcs11.slot must be set with its library"));
            char[] pin = config.pin().orElseThrow(() -> new IllegalStateException("ota.signing.pkcs11.pin (OTA_SIGNING_PKCS11_PIN) must be set"))
                    .toCharArray();
            // keys are generated as private, sensitive, non-extractable objects that persist in the token
            String settings = "--name = ota-signing\nlibrary = " + library + "\nslot = " + slot + "\n"
                    + "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {\n CKA_TOKEN = true\n CKA_PRIVATE = true\n"
                    + " CKA_SENSITIVE = true\n CKA_EXTRACTABLE = false\n}\n"
                    + "attributes(generate, CKO_PUBLIC_KEY, CKK_EC) = {\n CKA_TOKEN = true\n}\n";
            Provider configured = Security.getProvider("SunPKCS11").configure(settings);
            KeyStore keys = KeyStore.getInstance("PKCS11", configured);
            try {
                keys.load(null, pin);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot log in to the HSM token in slot " + slot + ": " + e.getMessage(), e);
            }
            provider = configured;
            store = keys;
        }
        return store;
    }

    private X509Certificate selfSigned(KeyPair pair, String keyId) throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=ota-signing " + keyId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            var holder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now),
                    Date.from(now.plus(36500, ChronoUnit.DAYS)), subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(pair.getPrivate()));
            return new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(holder);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
