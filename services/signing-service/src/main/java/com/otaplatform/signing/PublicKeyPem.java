package com.otaplatform.signing;

import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.model.Key;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM SubjectPublicKeyInfo of a TUF key, whatever its TUF encoding (hex Ed25519 or PEM ECDSA), and back. */
public final class PublicKeyPem {
    private PublicKeyPem() {
    }

    public static String of(Key key) {
        String b64 = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(PublicKeys.toPublicKey(key).getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** The TUF key of a PEM public key in {@code scheme}; IllegalArgumentException when malformed. */
    public static Key parse(String pem, KeyScheme scheme) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            var spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
            var publicKey = KeyFactory.getInstance(scheme == KeyScheme.ED25519 ? "Ed25519" : "EC", Crypto.BC).generatePublic(spec);
            return PublicKeys.toTufKey(publicKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Bouncy Castle's parser throws unchecked exceptions of several kinds on garbage
            throw new IllegalArgumentException("not a PEM " + scheme + " public key: " + e.getMessage(), e);
        }
    }
}
