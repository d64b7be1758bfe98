package com.otaplatform.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.common.ImageTargets;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.signing.repository.KeyRepository;
import com.otaplatform.signing.repository.MetadataRepository;
import com.otaplatform.signing.repository.SignedReleaseRepository;
import com.otaplatform.signing.repository.TargetRepository;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.Names;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.crypto.ThresholdVerifier;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.MetaFile;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.TimestampMetadata;
import com.otaplatform.tuf.model.UptaneCustom;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The Uptane image repository: bootstraps it, adds releases' images as targets and publishes targets -> snapshot ->
 * timestamp in one transaction, re-signs metadata before it expires. Every publication holds one database-wide lock,
 * so replicas never publish the same version twice.
 */
@ApplicationScoped
public class ImageRepositoryManagement {
    private static final Logger LOG = Logger.getLogger(ImageRepositoryManagement.class);

    private final Database db;
    private final KeyRepository keys;
    private final MetadataRepository metadata;
    private final TargetRepository targets;
    private final SignedReleaseRepository signedReleases;
    private final KeyVault vault;
    private final SigningConfig config;

    ImageRepositoryManagement(AgroalDataSource dataSource, KeyRepository keys, MetadataRepository metadata, TargetRepository targets,
                              SignedReleaseRepository signedReleases, KeyVault vault, SigningConfig config) {
        this.db = new Database(dataSource);
        this.keys = keys;
        this.metadata = metadata;
        this.targets = targets;
        this.signedReleases = signedReleases;
        this.vault = vault;
        this.config = config;
    }

    /**
     * Creates version 1 of root, targets (empty), snapshot and timestamp with freshly generated keys (as many per role as
     * its threshold) unless the repository exists. Returns whether it created it.
     */
    public boolean bootstrap() {
        return db.inTransaction(c -> {
            metadata.lockPublishing(c);
            if (metadata.current(c, RoleName.ROOT).isPresent()) {
                return false;
            }
            Instant now = now();
            KeyScheme scheme = KeyScheme.fromConfig(config.keyScheme());
            Map<String, Key> rootKeys = new TreeMap<>();
            Map<String, Role> roles = new LinkedHashMap<>();
            for (String role : RoleName.TOP_LEVEL) {
                int threshold = threshold(role);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < threshold; i++) {
                    SigningKey key = vault.generate(scheme, List.of(role));
                    keys.insert(c, key);
                    ids.add(key.keyId());
                    rootKeys.put(key.keyId(), key.publicKey());
                }
                roles.put(role, new Role(ids, threshold));
            }
            RootMetadata root = new RootMetadata(1, expiry(now, RoleName.ROOT), true, rootKeys, roles);
            SignedMetadata signed = sign(c, root, RoleName.ROOT, root.toSignedJson());
            metadata.insert(c, new RoleMetadata(RoleName.ROOT, 1, signed.toBytes(), root.expires()), now);
            publishTargets(c, root, now);
            publishSnapshot(c, root, now);
            publishTimestamp(c, root, now);
            LOG.infof("bootstrapped the image repository: root v1 with %d key(s), %s keys", rootKeys.size(), scheme);
            return true;
        });
    }

    /** Decrypts every online key once, so that a wrong passphrase stops the service at start rather than at the first signature. */
    public int openOnlineKeys() {
        List<SigningKey> online = db.inTransaction(keys::all).stream()
                .filter(k -> !k.revoked() && k.storage() == KeyStorage.ENCRYPTED).toList();
        online.forEach(vault::signer);
        return online.size();
    }

    /**
     * Lists the release's images as targets and publishes targets, snapshot and timestamp, all in one transaction. A release
     * signed before gets the versions that first listed it, and nothing is published.
     */
    public Publication signRelease(Release release) {
        if (release.images().isEmpty()) {
            throw ApiException.failedPrecondition(release.name() + " has no images to sign");
        }
        List<ImageTarget> wanted = release.images().stream().map(image -> toTarget(release, image)).toList();
        return db.inTransaction(c -> {
            metadata.lockPublishing(c);
            Optional<Publication> done = signedReleases.find(c, release.name());
            if (done.isPresent()) {
                return done.get();
            }
            Instant now = now();
            RootMetadata root = root(c);
            long targetsVersion = currentVersion(c, RoleName.TARGETS) + 1;
            for (ImageTarget target : wanted) {
                Optional<ImageTarget> existing = targets.find(c, target.name());
                if (existing.isPresent()) {
                    throw ApiException.failedPrecondition("target " + target.name() + " is already listed by " + existing.get().release());
                }
                targets.insert(c, new ImageTarget(target.name(), target.length(), target.sha256(), target.sha512(), target.custom(),
                        release.name(), targetsVersion), now);
            }
            Publication publication = new Publication(publishTargets(c, root, now), publishSnapshot(c, root, now),
                    publishTimestamp(c, root, now));
            signedReleases.insert(c, release.name(), publication, now);
            LOG.infof("signed %s into the image repository: targets v%d", release.name(), publication.targetsVersion());
            return publication;
        });
    }

    /** The target name of a release's image: unique because release display names are. */
    public static String targetName(Release release, ReleaseImage image) {
        return ImageTargets.name(release.displayName(), image.ecu(), image.fileName());
    }

    /**
     * Re-signs what expires within {@code margin} of {@code now}: targets (with online keys) then snapshot then timestamp,
     * each also when the role it lists was re-signed. Empty when nothing was due.
     */
    public Optional<Publication> resignIfDue(Instant now, Duration margin) {
        return db.inTransaction(c -> {
            metadata.lockPublishing(c);
            RootMetadata root = root(c);
            Instant due = now.plus(margin);
            boolean targetsDue = !expiresAt(c, RoleName.TARGETS).isAfter(due);
            if (targetsDue) {
                try {
                    publishTargets(c, root, now);
                } catch (ApiException e) {
                    LOG.warnf("targets metadata expires at %s but cannot be re-signed online: %s", expiresAt(c, RoleName.TARGETS),
                            e.getStatus().getDescription());
                    targetsDue = false;
                }
            }
            boolean snapshotDue = targetsDue || !expiresAt(c, RoleName.SNAPSHOT).isAfter(due);
            if (snapshotDue) {
                publishSnapshot(c, root, now);
            }
            if (!snapshotDue && expiresAt(c, RoleName.TIMESTAMP).isAfter(due)) {
                return Optional.<Publication>empty();
            }
            publishTimestamp(c, root, now);
            return Optional.of(new Publication(currentVersion(c, RoleName.TARGETS), currentVersion(c, RoleName.SNAPSHOT),
                    currentVersion(c, RoleName.TIMESTAMP)));
        });
    }

    /** The current metadata of {@code role}. */
    public RoleMetadata current(String role) {
        return db.inTransaction(c -> metadata.current(c, role))
                .orElseThrow(() -> ApiException.failedPrecondition("the image repository is not bootstrapped yet"));
    }

    /** Version {@code version} of {@code role}, if it was published. */
    public Optional<RoleMetadata> metadata(String role, long version) {
        return db.inTransaction(c -> metadata.find(c, role, version));
    }

    /** The target called {@code name}, if listed. */
    public Optional<ImageTarget> target(String name) {
        return db.inTransaction(c -> targets.find(c, name));
    }

    /** One page of the keys, oldest first. */
    public List<SigningKey> keys(long offset, int limit) {
        return db.inTransaction(c -> keys.list(c, offset, limit));
    }

    // ---- publishing, inside a transaction holding the publishing lock ------------------------------------------

    private long publishTargets(Connection c, RootMetadata root, Instant now) throws SQLException {
        long version = currentVersion(c, RoleName.TARGETS) + 1;
        Map<String, TargetFile> listed = new TreeMap<>();
        for (ImageTarget target : targets.all(c)) {
            listed.put(target.name(), target.toTargetFile());
        }
        TargetsMetadata md = new TargetsMetadata(version, expiry(now, RoleName.TARGETS), listed);
        insert(c, RoleName.TARGETS, version, sign(c, root, RoleName.TARGETS, md.toSignedJson()), md.expires(), now);
        return version;
    }

    private long publishSnapshot(Connection c, RootMetadata root, Instant now) throws SQLException {
        RoleMetadata current = metadata.current(c, RoleName.TARGETS).orElseThrow();
        long version = currentVersion(c, RoleName.SNAPSHOT) + 1;
        SnapshotMetadata md = new SnapshotMetadata(version, expiry(now, RoleName.SNAPSHOT),
                Map.of("targets.json", metaFile(current)));
        insert(c, RoleName.SNAPSHOT, version, sign(c, root, RoleName.SNAPSHOT, md.toSignedJson()), md.expires(), now);
        return version;
    }

    private long publishTimestamp(Connection c, RootMetadata root, Instant now) throws SQLException {
        RoleMetadata current = metadata.current(c, RoleName.SNAPSHOT).orElseThrow();
        long version = currentVersion(c, RoleName.TIMESTAMP) + 1;
        TimestampMetadata md = new TimestampMetadata(version, expiry(now, RoleName.TIMESTAMP), metaFile(current));
        insert(c, RoleName.TIMESTAMP, version, sign(c, root, RoleName.TIMESTAMP, md.toSignedJson()), md.expires(), now);
        return version;
    }

    private void insert(Connection c, String role, long version, SignedMetadata signed, Instant expires, Instant now) throws SQLException {
        metadata.insert(c, new RoleMetadata(role, version, signed.toBytes(), expires), now);
    }

    /** Signs with every online, unrevoked key of {@code role} in {@code root}; refused below the role's threshold. */
    private SignedMetadata sign(Connection c, RootMetadata root, String role, ObjectNode signed) throws SQLException {
        Role keysOfRole = root.role(role);
        List<Signer> signers = new ArrayList<>();
        for (String keyId : keysOfRole.keyIds()) {
            Optional<SigningKey> key = keys.find(c, keyId);
            if (key.isPresent() && !key.get().revoked() && key.get().storage() == KeyStorage.ENCRYPTED) {
                signers.add(vault.signer(key.get()));
            }
        }
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

    private RootMetadata root(Connection c) throws SQLException {
        RoleMetadata current = metadata.current(c, RoleName.ROOT)
                .orElseThrow(() -> ApiException.failedPrecondition("the image repository is not bootstrapped yet"));
        return RootMetadata.from(SignedMetadata.parse(current.bytes()));
    }

    private long currentVersion(Connection c, String role) throws SQLException {
        return metadata.current(c, role).map(RoleMetadata::version).orElse(0L);
    }

    private Instant expiresAt(Connection c, String role) throws SQLException {
        return metadata.current(c, role).map(RoleMetadata::expiresAt).orElse(Instant.MIN);
    }

    private static MetaFile metaFile(RoleMetadata listed) {
        return new MetaFile(listed.version(), (long) listed.bytes().length, Map.of("sha256", Crypto.sha256Hex(listed.bytes())));
    }

    private ImageTarget toTarget(Release release, ReleaseImage image) {
        String name = targetName(release, image);
        try {
            Names.requireSafeTargetName(name);
        } catch (TufException e) {
            throw ApiException.failedPrecondition(release.name() + " makes an unsafe target name '" + name + "'");
        }
        ObjectNode custom = UptaneCustom.image(image.hardwareIds(), image.releaseCounter());
        custom.put("ecu", image.ecu());
        custom.put("artifact", image.artifact());
        return new ImageTarget(name, image.length(), image.sha256(), image.sha512(), custom, release.name(), 0);
    }

    private int threshold(String role) {
        return switch (role) {
            case RoleName.ROOT -> config.thresholds().root();
            case RoleName.TARGETS -> config.thresholds().targets();
            case RoleName.SNAPSHOT -> config.thresholds().snapshot();
            default -> config.thresholds().timestamp();
        };
    }

    private Instant expiry(Instant now, String role) {
        Duration validity = switch (role) {
            case RoleName.ROOT -> config.expiry().root();
            case RoleName.TARGETS -> config.expiry().targets();
            case RoleName.SNAPSHOT -> config.expiry().snapshot();
            default -> config.expiry().timestamp();
        };
        return now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
