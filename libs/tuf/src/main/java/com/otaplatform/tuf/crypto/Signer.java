package com.otaplatform.tuf.crypto;

import com.otaplatform.tuf.model.Key;

/**
 * Something that can sign for one TUF key. Local keys implement this with a JCA private key; an HSM (PKCS#11)
 * signer can implement it without ever exposing the private key.
 */
public interface Signer {
    /** The key id under which signatures are published. */
    String keyId();

    /** The public key in TUF form. */
    Key publicKey();

    /** Signature bytes over {@code data} in the key's scheme (raw Ed25519 or DER ECDSA). */
    byte[] sign(byte[] data);

    /** The same key published under another key id (used to test that thresholds count keys, not ids). */
    default Signer withKeyId(String otherKeyId) {
        Signer self = this;
        return new Signer() {
            @Override
            public String keyId() {
                return otherKeyId;
            }

            @Override
            public Key publicKey() {
                return self.publicKey();
            }

            @Override
            public byte[] sign(byte[] data) {
                return self.sign(data);
            }
        };
    }
}
