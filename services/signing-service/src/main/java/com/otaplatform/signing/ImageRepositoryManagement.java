package com.otaplatform.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.common.ImageTargets;
import com.otaplatform.signing.config.SigningConfig;
import com.otaplatform.signing.repository.KeyRepository;
import com.otaplatform.signing.repository.MetadataRepository;
import com.otaplatform.signing.repository.SignedReleaseRepository;
import com.otaplatform.signing.repository.StagedMetadataRepository;
import com.otaplatform.signing.repository.TargetRepository;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.Names;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.UptaneCustom;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The Uptane image repository: bootstraps it, adds releases' images as targets and publishes targets -> snapshot ->
 * timestamp in one transaction (or stages targets for offline signatures), re-signs metadata before it expires. Every publication holds one database-wide lock,
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
    private final StagedMetadataRepository staged;
    private final KeyVault vault;
    private final SigningConfig config;
    private final RepositoryPublisher publisher;
    private final OfflineSigning offlineSigning;

    ImageRepositoryManagement(AgroalDataSource dataSource, KeyRepository keys, MetadataRepository metadata, TargetRepository targets,
                              SignedReleaseRepository signedReleases, StagedMetadataRepository staged, KeyVault vault,
                              SigningConfig config, RepositoryPublisher publisher, OfflineSigning offlineSigning) {
        this.db = new Database(dataSource);
        this.keys = keys;
        this.metadata = metadata;
        this.targets = targets;
        this.signedReleases = signedReleases;
        this.staged = staged;
        this.offlineSigning = offlineSigning;
        this.vault = vault;
        this.config = config;
        this.publisher = publisher;
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
            Instant now = RepositoryPublisher.now();
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
            RootMetadata root = new RootMetadata(1, publisher.expiry(now, RoleName.ROOT), true, rootKeys, roles);
            publisher.insert(c, RoleName.ROOT, 1, publisher.sign(root, RoleName.ROOT, root.toSignedJson(), c), root.expires(), now);
            publisher.publishTargets(c, root, now);
            LOG.infof("bootstrapped the image repository: root v1 with %d key(s), %s keys", rootKeys.size(), scheme);
            return true;
        });
    }

    /**
     * Opens every online key once (decrypts it, or finds it in the HSM), so that a wrong passphrase or a missing token
     * stops the service at start rather than at the first signature.
     */
    public int openOnlineKeys() {
        return (int) db.inTransaction(keys::all).stream().filter(k -> !k.revoked())
                .filter(k -> publisher.onlineSigner(k).isPresent()).count();
    }

    /**
     * Lists the release's images as targets and publishes targets, snapshot and timestamp, all in one transaction. A release
     * signed before gets the versions that first listed it, and nothing is published. When the online keys cannot meet
     * the targets threshold, its targets wait instead (pending) in a newly staged targets version that lists every target
     * and supersedes the open one; a release already waiting gets the open staged version that lists it.
     */
    public ReleaseSigningOutcome signRelease(Release release) {
        if (release.images().isEmpty()) {
            throw ApiException.failedPrecondition(release.name() + " has no images to sign");
        }
        List<ImageTarget> wanted = release.images().stream().map(image -> toTarget(release, image)).toList();
        return db.inTransaction(c -> {
            metadata.lockPublishing(c);
            Optional<Publication> done = signedReleases.find(c, release.name());
            if (done.isPresent()) {
                return ReleaseSigningOutcome.published(done.get());
            }
            Instant now = RepositoryPublisher.now();
            RootMetadata root = publisher.root(c);
            if (targets.pending(c, release.name())) {
                Optional<StagedMetadata> open = staged.openTargetsFor(c, release.name());
                if (open.isPresent() && offlineSigning.state(c, open.get()) == StagedState.OPEN) {
                    return ReleaseSigningOutcome.awaiting(offlineSigning.progress(c, open.get(), root));
                }
            } else {
                for (ImageTarget target : wanted) {
                    Optional<ImageTarget> existing = targets.find(c, target.name());
                    if (existing.isPresent()) {
                        throw ApiException.failedPrecondition("target " + target.name() + " is already listed by " + existing.get().release()
                                + (existing.get().pending() ? " (waiting for offline signatures)" : ""));
                    }
                    targets.insert(c, target, now);
                }
            }
            if (publisher.signsOnline(c, root, RoleName.TARGETS)) {
                Publication publication = publisher.publishTargets(c, root, now);
                LOG.infof("signed %s into the image repository: targets v%d", release.name(), publication.targetsVersion());
                return ReleaseSigningOutcome.published(publication);
            }
            SigningProgress progress = offlineSigning.stageTargets(c, root, now);
            if (progress.published()) {
                return ReleaseSigningOutcome.published(signedReleases.find(c, release.name()).orElseThrow());
            }
            LOG.infof("%s waits for offline signatures of targets v%d (%s)", release.name(), progress.staged().version(),
                    progress.staged().name());
            return ReleaseSigningOutcome.awaiting(progress);
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
            RootMetadata root = publisher.root(c);
            Instant due = now.plus(margin);
            boolean targetsDue = !publisher.expiresAt(c, RoleName.TARGETS).isAfter(due);
            if (targetsDue) {
                try {
                    return Optional.of(publisher.publishTargets(c, root, now));
                } catch (ApiException e) {
                    LOG.warnf("targets metadata expires at %s but cannot be re-signed online: %s", publisher.expiresAt(c, RoleName.TARGETS),
                            e.getStatus().getDescription());
                }
            }
            boolean snapshotDue = !publisher.expiresAt(c, RoleName.SNAPSHOT).isAfter(due);
            if (snapshotDue) {
                publisher.publishSnapshot(c, root, now);
            }
            if (!snapshotDue && publisher.expiresAt(c, RoleName.TIMESTAMP).isAfter(due)) {
                return Optional.<Publication>empty();
            }
            publisher.publishTimestamp(c, root, now);
            return Optional.of(new Publication(publisher.currentVersion(c, RoleName.TARGETS), publisher.currentVersion(c, RoleName.SNAPSHOT),
                    publisher.currentVersion(c, RoleName.TIMESTAMP)));
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

    /** The target called {@code name}, if a published targets version lists it (a pending one is not served). */
    public Optional<ImageTarget> target(String name) {
        return db.inTransaction(c -> targets.findPublished(c, name));
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

}
