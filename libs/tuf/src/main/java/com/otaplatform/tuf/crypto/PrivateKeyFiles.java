package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * Private keys on disk as PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC).
 */
public final class PrivateKeyFiles {
    private static final int ITERATIONS = 100_000;

    private PrivateKeyFiles() {
    }

    public static void save(Path file, PrivateKey key, char[] passphrase) {
        try {
            String pem = encrypt(key, passphrase);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write encrypted key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The key as PEM "ENCRYPTED PRIVATE KEY" text (what {@link #save} writes), for storage outside files. */
    public static String encrypt(PrivateKey key, char[] passphrase) {
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(Crypto.BC)
                    .setRandom(new SecureRandom())
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(ITERATIONS)
                    .setPassword(passphrase)
                    .build();
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(new JcaPKCS8Generator(key, enc));
            }
            return sw.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt private key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey load(Path file, char[] passphrase) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        return decrypt(pem, passphrase, file.toString());
    }

    /**
     * Decrypts PEM "ENCRYPTED PRIVATE KEY" text; {@code what} names it in errors. A wrong passphrase or corrupt text
     * is {@link ErrorCode#KEY_DECRYPTION_FAILED}.
     */
    public static PrivateKey decrypt(String pem, char[] passphrase, String what) {
        Object obj;
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            obj = p.readObject();
        } catch (IOException e) {
            throw new TufException(ErrorCode.KEY_DECRYPTION_FAILED, what + " is not a PEM key file", e);
        }
        if (!(obj instanceof PKCS8EncryptedPrivateKeyInfo enc)) {
            throw new TufException(ErrorCode.KEY_DECRYPTION_FAILED,
                    what + " is not an encrypted PKCS#8 private key");
        }
        try {
            PrivateKeyInfo info = enc.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.BC).build(passphrase));
            return new JcaPEMKeyConverter().setProvider(Crypto.BC).getPrivateKey(info);
        } catch (Exception e) {
            throw new TufException(ErrorCode.KEY_DECRYPTION_FAILED,
                    "cannot decrypt " + what + ": wrong passphrase or corrupt key file", e);
        }
    }

    /** Decrypts PEM text and derives the public half, giving a ready signer. */
    public static LocalSigner decryptSigner(String pem, char[] passphrase, String what) {
        PrivateKey key = decrypt(pem, passphrase, what);
        return new LocalSigner(key, PublicKeys.toTufKey(publicKeyOf(key)));
    }

    /** Loads a key and derives its public half, giving a ready signer. */
    public static LocalSigner loadSigner(Path file, char[] passphrase) {
        PrivateKey key = load(file, passphrase);
        return new LocalSigner(key, PublicKeys.toTufKey(publicKeyOf(key)));
    }

    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof EdDSAPrivateKey ed) {
                return ed.getPublicKey();
            }
            if (key instanceof ECPrivateKey ec) {
                ECParameterSpec params = ec.getParameters();
                var q = params.getG().multiply(ec.getD()).normalize();
                return KeyFactory.getInstance("EC", Crypto.BC).generatePublic(new ECPublicKeySpec(q, params));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot derive public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported private key " + key.getAlgorithm());
    }
}
