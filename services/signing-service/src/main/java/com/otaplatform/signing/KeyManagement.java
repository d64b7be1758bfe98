package com.otaplatform.signing;

import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.signing.repository.KeyRepository;
import com.otaplatform.signing.repository.MetadataRepository;
import com.otaplatform.tuf.model.Key;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The keys of the image repository: creates online keys, registers the public halves of offline ones, revokes, lists.
 * A key signs from the next root version that lists it; a revoked key signs nothing and its signatures stop counting.
 */
@ApplicationScoped
public class KeyManagement {
    private static final Logger LOG = Logger.getLogger(KeyManagement.class);

    private final Database db;
    private final KeyRepository keys;
    private final MetadataRepository metadata;
    private final KeyVault vault;
    private final HsmKeys hsm;

    KeyManagement(AgroalDataSource dataSource, KeyRepository keys, MetadataRepository metadata, KeyVault vault, HsmKeys hsm) {
        this.db = new Database(dataSource);
        this.keys = keys;
        this.metadata = metadata;
        this.vault = vault;
        this.hsm = hsm;
    }

    /** A new online key encrypted at rest, registered for {@code roles}. */
    public SigningKey createEncrypted(KeyScheme scheme, List<String> roles) {
        return register(vault.generate(scheme, roles));
    }

    /** A new key generated inside the HSM, registered for {@code roles}. */
    public SigningKey createInHsm(List<String> roles) {
        return register(hsm.generate(roles));
    }

    /** Registers the public half of a key held offline; ALREADY_EXISTS when the key is known. */
    public SigningKey registerOffline(Key publicKey, KeyScheme scheme, List<String> roles) {
        return register(new SigningKey(publicKey.keyId(), scheme, KeyStorage.OFFLINE, publicKey, roles, RepositoryPublisher.now(), null,
                null));
    }

    private SigningKey register(SigningKey key) {
        db.inTransaction(c -> {
            if (keys.find(c, key.keyId()).isPresent()) {
                throw ApiException.alreadyExists("key " + key.keyId());
            }
            keys.insert(c, key);
            return null;
        });
        LOG.infof("created %s key %s for %s", key.storage(), key.keyId(), key.roles());
        return key;
    }

    /** Revokes the key (a revoked key stays revoked, with its first reason). */
    public SigningKey revoke(String keyId, String reason) {
        return db.inTransaction(c -> {
            metadata.lockPublishing(c);
            SigningKey key = keys.find(c, keyId).orElseThrow(() -> ApiException.notFound("key " + keyId));
            if (!key.revoked()) {
                keys.revoke(c, keyId, reason, RepositoryPublisher.now());
                LOG.infof("revoked key %s: %s", keyId, reason);
            }
            return keys.find(c, keyId).orElseThrow();
        });
    }

    /** One page of the keys, oldest first. */
    public List<SigningKey> list(long offset, int limit) {
        return db.inTransaction(c -> keys.list(c, offset, limit));
    }
}
