package com.otaplatform.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.common.ApiException;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.signing.repository.KeyRepository;
import com.otaplatform.signing.repository.MetadataRepository;
import com.otaplatform.signing.repository.SignedReleaseRepository;
import com.otaplatform.signing.repository.TargetRepository;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.crypto.ThresholdVerifier;
import com.otaplatform.tuf.model.MetaFile;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.TimestampMetadata;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds, signs with the online keys and stores new versions of the image repository's roles. Every method runs inside
 * a transaction that holds the publishing lock ({@link MetadataRepository#lockPublishing}).
 */
@ApplicationScoped
public class RepositoryPublisher {
    private final KeyRepository keys;
    private final MetadataRepository metadata;
    private final TargetRepository targets;
    private final SignedReleaseRepository signedReleases;
    private final KeyVault vault;
    private final HsmKeys hsm;
    private final SigningConfig config;

    RepositoryPublisher(KeyRepository keys, MetadataRepository metadata, TargetRepository targets, SignedReleaseRepository signedReleases,
                        KeyVault vault, HsmKeys hsm, SigningConfig config) {
        this.keys = keys;
        this.metadata = metadata;
        this.targets = targets;
        this.signedReleases = signedReleases;
        this.vault = vault;
        this.hsm = hsm;
        this.config = config;
    }

    /** The trusted (current) root. */
    public RootMetadata root(Connection c) throws SQLException {
        RoleMetadata current = metadata.current(c, RoleName.ROOT)
                .orElseThrow(() -> ApiException.failedPrecondition("the image repository is not bootstrapped yet"));
        return RootMetadata.from(SignedMetadata.parse(current.bytes()));
    }

    /** The next targets version, unsigned: every target, those waiting for offline signatures too. */
    public TargetsMetadata nextTargets(Connection c, Instant now) throws SQLException {
        Map<String, TargetFile> listed = new TreeMap<>();
        for (ImageTarget target : targets.all(c)) {
            listed.put(target.name(), target.toTargetFile());
        }
        return new TargetsMetadata(currentVersion(c, RoleName.TARGETS) + 1, expiry(now, RoleName.TARGETS), listed);
    }

    /**
     * Signs the next targets version with the online keys (refused below the threshold) and publishes it with snapshot
     * and timestamp; the releases whose targets were waiting for signatures are signed by it.
     */
    public Publication publishTargets(Connection c, RootMetadata root, Instant now) throws SQLException {
        List<String> waiting = targets.pendingReleases(c);
        TargetsMetadata md = nextTargets(c, now);
        insert(c, RoleName.TARGETS, md.version(), sign(root, RoleName.TARGETS, md.toSignedJson(), c), md.expires(), now);
        return completeTargets(c, root, md.version(), waiting, now);
    }

    /**
     * After targets {@code version} is stored: the pending targets of {@code releases} (which it lists) are published,
     * then snapshot and timestamp, and the releases are recorded as signed by this publication.
     */
    public Publication completeTargets(Connection c, RootMetadata root, long version, List<String> releases, Instant now)
            throws SQLException {
        targets.publishPending(c, releases, version);
        Publication publication = publishSnapshotAndTimestamp(c, root, now);
        for (String release : releases) {
            signedReleases.insert(c, release, publication, now);
        }
        return publication;
    }

    /** Whether the online, unrevoked keys of {@code role} meet its threshold in {@code root}. */
    public boolean signsOnline(Connection c, RootMetadata root, String role) throws SQLException {
        return onlineSigners(c, root.role(role).keyIds()).size() >= root.role(role).threshold();
    }

    public long publishSnapshot(Connection c, RootMetadata root, Instant now) throws SQLException {
        RoleMetadata current = metadata.current(c, RoleName.TARGETS).orElseThrow();
        long version = currentVersion(c, RoleName.SNAPSHOT) + 1;
        SnapshotMetadata md = new SnapshotMetadata(version, expiry(now, RoleName.SNAPSHOT),
                Map.of("targets.json", metaFile(current)));
        insert(c, RoleName.SNAPSHOT, version, sign(root, RoleName.SNAPSHOT, md.toSignedJson(), c), md.expires(), now);
        return version;
    }

    public long publishTimestamp(Connection c, RootMetadata root, Instant now) throws SQLException {
        RoleMetadata current = metadata.current(c, RoleName.SNAPSHOT).orElseThrow();
        long version = currentVersion(c, RoleName.TIMESTAMP) + 1;
        TimestampMetadata md = new TimestampMetadata(version, expiry(now, RoleName.TIMESTAMP), metaFile(current));
        insert(c, RoleName.TIMESTAMP, version, sign(root, RoleName.TIMESTAMP, md.toSignedJson(), c), md.expires(), now);
        return version;
    }

    /** Snapshot then timestamp, so that a new targets or root version reaches clients. */
    public Publication publishSnapshotAndTimestamp(Connection c, RootMetadata root, Instant now) throws SQLException {
        long snapshot = publishSnapshot(c, root, now);
        return new Publication(currentVersion(c, RoleName.TARGETS), snapshot, publishTimestamp(c, root, now));
    }

    public void insert(Connection c, String role, long version, SignedMetadata signed, Instant expires, Instant now) throws SQLException {
        metadata.insert(c, new RoleMetadata(role, version, signed.toBytes(), expires), now);
    }

    /** Signs with every online, unrevoked key of {@code role} in {@code root}; refused below the role's threshold. */
    public SignedMetadata sign(RootMetadata root, String role, ObjectNode signed, Connection c) throws SQLException {
        Role keysOfRole = root.role(role);
        List<Signer> signers = onlineSigners(c, keysOfRole.keyIds());
        if (signers.size() < keysOfRole.threshold()) {
            throw ApiException.failedPrecondition(role + " metadata needs " + keysOfRole.threshold() + " signature(s) but only "
                    + signers.size() + " of its keys are online: sign it offline");
        }
        SignedMetadata md = RepositoryBuilder.sign(signed, signers);
        try {
            ThresholdVerifier.verify(role, md, keysOfRole, root.keys());
        } catch (TufException e) {
            throw new IllegalStateException("freshly signed " + role + " metadata does not verify: " + e.getMessage(), e);
        }
        return md;
    }

    /** The signers of those of {@code keyIds} that the service holds online and that are not revoked. */
    public List<Signer> onlineSigners(Connection c, List<String> keyIds) throws SQLException {
        List<Signer> signers = new ArrayList<>();
        for (String keyId : keyIds) {
            keys.find(c, keyId).filter(key -> !key.revoked()).flatMap(this::onlineSigner).ifPresent(signers::add);
        }
        return signers;
    }

    /** The signer of a key held online (encrypted at rest, or in the HSM); empty for an offline key. */
    public Optional<Signer> onlineSigner(SigningKey key) {
        return switch (key.storage()) {
            case ENCRYPTED -> Optional.of(vault.signer(key));
            case HSM -> Optional.of(hsm.signer(key));
            case OFFLINE -> Optional.empty();
        };
    }

    public long currentVersion(Connection c, String role) throws SQLException {
        return metadata.current(c, role).map(RoleMetadata::version).orElse(0L);
    }

    public Instant expiresAt(Connection c, String role) throws SQLException {
        return metadata.current(c, role).map(RoleMetadata::expiresAt).orElse(Instant.MIN);
    }

    /** When metadata of {@code role} signed at {@code now} expires. */
    public Instant expiry(Instant now, String role) {
        Duration validity = switch (role) {
            case RoleName.ROOT -> config.expiry().root();
            case RoleName.TARGETS -> config.expiry().targets();
            case RoleName.SNAPSHOT -> config.expiry().snapshot();
            default -> config.expiry().timestamp();
        };
        return now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The current time at the database's precision. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static MetaFile metaFile(RoleMetadata listed) {
        return new MetaFile(listed.version(), (long) listed.bytes().length, Map.of("sha256", Crypto.sha256Hex(listed.bytes())));
    }
}
