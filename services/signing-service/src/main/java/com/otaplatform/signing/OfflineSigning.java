package com.otaplatform.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.signing.repository.KeyRepository;
import com.otaplatform.signing.repository.MetadataRepository;
import com.otaplatform.signing.repository.StagedMetadataRepository;
import com.otaplatform.signing.repository.TargetRepository;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.crypto.ThresholdVerifier;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.TargetsMetadata;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Offline signing of root and targets: stages the next version, collects detached signatures (the online keys' first),
 * and publishes it with new snapshot and timestamp once distinct valid keys meet every threshold. Root and targets keys
 * need never reach the server: it verifies their signatures against the public halves it holds.
 * <p>
 * Targets: each staging lists every target, those waiting for signatures too, and supersedes the open staged targets
 * version, so at most one is open and it lists every waiting release; publishing it signs them.
 */
@ApplicationScoped
public class OfflineSigning {
    private static final Logger LOG = Logger.getLogger(OfflineSigning.class);

    private final Database db;
    private final KeyRepository keys;
    private final MetadataRepository metadata;
    private final StagedMetadataRepository staged;
    private final TargetRepository targets;
    private final RepositoryPublisher publisher;
    private final ReleaseMarker marker;

    OfflineSigning(AgroalDataSource dataSource, KeyRepository keys, MetadataRepository metadata, StagedMetadataRepository staged,
                   TargetRepository targets, RepositoryPublisher publisher, ReleaseMarker marker) {
        this.db = new Database(dataSource);
        this.keys = keys;
        this.metadata = metadata;
        this.staged = staged;
        this.targets = targets;
        this.publisher = publisher;
        this.marker = marker;
    }

    /**
     * Stages the next version of {@code role} (root or targets). For root, {@code roleKeys} gives the keys and threshold of
     * the roles it names; the others keep their threshold and get the unrevoked keys registered for them.
     */
    public SigningProgress prepare(String role, Map<String, Role> roleKeys) {
        return afterPublication(db.inTransaction(c -> {
            metadata.lockPublishing(c);
            Instant now = RepositoryPublisher.now();
            RootMetadata trusted = publisher.root(c);
            return RoleName.ROOT.equals(role) ? stage(c, stageRoot(c, trusted, roleKeys, now), trusted, now) : stageTargets(c, trusted, now);
        }));
    }

    /**
     * Stages the next targets version, listing every target (pending ones too) for the releases whose targets wait, and
     * supersedes the open staged targets version. Runs inside a transaction that holds the publishing lock.
     */
    public SigningProgress stageTargets(Connection c, RootMetadata trusted, Instant now) throws SQLException {
        TargetsMetadata next = publisher.nextTargets(c, now);
        StagedMetadata md = new StagedMetadata(UUID.randomUUID(), RoleName.TARGETS, next.version(), CanonicalJson.encode(next.toSignedJson()),
                trusted.role(RoleName.TARGETS), StagedMetadata.NO_PREVIOUS, targets.pendingReleases(c), now, null, null);
        int superseded = staged.supersedeOpenTargets(c, md.id());
        if (superseded > 0) {
            LOG.infof("%s supersedes %d open staged targets version(s)", md.name(), superseded);
        }
        return stage(c, md, trusted, now);
    }

    private SigningProgress stage(Connection c, StagedMetadata md, RootMetadata trusted, Instant now) throws SQLException {
        staged.insert(c, md);
        for (Signer signer : publisher.onlineSigners(c, md.signerKeyIds())) {
            staged.addSignature(c, md.id(), signer.keyId(), HexFormat.of().formatHex(signer.sign(md.signedCanonical())), now);
        }
        LOG.infof("staged %s v%d as %s%s", md.role(), md.version(), md.name(),
                md.releases().isEmpty() ? "" : " for " + String.join(", ", md.releases()));
        return publishIfComplete(c, md, trusted, now);
    }

    /** After a publication of targets: artifact-service learns at once which releases it signed (or a later round retries). */
    private SigningProgress afterPublication(SigningProgress progress) {
        if (progress.published() && RoleName.TARGETS.equals(progress.staged().role())) {
            marker.markUnmarked();
        }
        return progress;
    }

    /** Staged metadata, newest first, with its signatures and state. */
    public List<StagedStatus> list(long offset, int limit) {
        return db.inTransaction(c -> {
            RootMetadata trusted = publisher.root(c);
            List<StagedStatus> page = new ArrayList<>();
            for (StagedMetadata md : staged.list(c, offset, limit)) {
                page.add(new StagedStatus(progress(c, md, trusted), state(c, md)));
            }
            return page;
        });
    }

    /** One staged version with its signatures and state; NOT_FOUND when there is none (or it was deleted). */
    public StagedStatus status(UUID id) {
        return db.inTransaction(c -> {
            StagedMetadata md = staged.find(c, id).orElseThrow(() -> notFound(id));
            return new StagedStatus(progress(c, md, publisher.root(c)), state(c, md));
        });
    }

    /**
     * Deletes staged versions that can no longer be published (published, superseded, overtaken) and open ones staged
     * more than {@code maxAge} before {@code now}; the targets that waited in an expired one are forgotten, so signing
     * their releases again stages them anew. Returns how many it deleted.
     */
    public int expireStaged(Instant now, Duration maxAge) {
        return db.inTransaction(c -> {
            metadata.lockPublishing(c);
            int deleted = 0;
            for (StagedMetadata md : staged.list(c, 0, Integer.MAX_VALUE)) {
                StagedState state = state(c, md);
                boolean stale = state == StagedState.OPEN && md.createdAt().isBefore(now.minus(maxAge));
                if (state == StagedState.OPEN && !stale) {
                    continue;
                }
                if (stale && !md.releases().isEmpty()) {
                    targets.deletePending(c, md.releases());
                    LOG.warnf("%s (targets v%d) waited for signatures since %s, longer than %s: expired; sign %s again to stage them anew",
                            md.name(), md.version(), md.createdAt(), maxAge, String.join(", ", md.releases()));
                }
                staged.delete(c, md.id());
                deleted++;
            }
            return deleted;
        });
    }

    /** The staged metadata called {@code staged/<id>}; NOT_FOUND when there is none. */
    public StagedMetadata staged(UUID id) {
        return db.inTransaction(c -> staged.find(c, id)).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound(StagedMetadata.COLLECTION + "/" + id);
    }

    /** Adds {@code keyId}'s signature over the staged bytes; publishes when that completes every threshold. */
    public SigningProgress addSignature(UUID id, String keyId, byte[] signature) {
        return afterPublication(db.inTransaction(c -> {
            metadata.lockPublishing(c);
            StagedMetadata md = staged.find(c, id).orElseThrow(() -> notFound(id));
            RootMetadata trusted = publisher.root(c);
            requireOpen(c, md);
            if (!md.signerKeyIds().contains(keyId) && !required(md, trusted).keyIds().contains(keyId)) {
                throw ApiException.invalidField("key_id", keyId + " is not a key of " + md.role() + " for " + md.name()
                        + " (its signatures count from keys " + String.join(", ", md.signerKeyIds()) + ")");
            }
            SigningKey key = keys.find(c, keyId).orElseThrow(() -> ApiException.invalidField("key_id", keyId + " is not a known key"));
            if (key.revoked()) {
                throw ApiException.invalidField("key_id", keyId + " is revoked: its signatures no longer count");
            }
            if (!PublicKeys.verify(key.publicKey(), signature, md.signedCanonical())) {
                throw ApiException.invalidField("signature", "does not verify with key " + keyId + " over the staged bytes of "
                        + md.name() + " (sign exactly signed_canonical)");
            }
            Instant now = RepositoryPublisher.now();
            staged.addSignature(c, id, keyId, HexFormat.of().formatHex(signature), now);
            return publishIfComplete(c, md, trusted, now);
        }));
    }

    private void requireOpen(Connection c, StagedMetadata md) throws SQLException {
        switch (state(c, md)) {
            case PUBLISHED -> throw ApiException.failedPrecondition(md.name() + " is already published as " + md.role() + " v" + md.version());
            case SUPERSEDED -> throw ApiException.failedPrecondition(md.name() + " was superseded by " + StagedMetadata.nameOf(md.supersededBy())
                    + ", which lists every target it did: sign that one instead (otactl signing fetch " + StagedMetadata.nameOf(md.supersededBy())
                    + " --out FILE)");
            case OVERTAKEN -> throw ApiException.failedPrecondition(md.name() + " staged " + md.role() + " v" + md.version() + " but v"
                    + publisher.currentVersion(c, md.role()) + " was published meanwhile: prepare the role again");
            case OPEN -> {
            }
        }
    }

    /** Where {@code md} stands now. */
    public StagedState state(Connection c, StagedMetadata md) throws SQLException {
        if (md.published()) {
            return StagedState.PUBLISHED;
        }
        if (md.superseded()) {
            return StagedState.SUPERSEDED;
        }
        return publisher.currentVersion(c, md.role()) == md.version() - 1 ? StagedState.OPEN : StagedState.OVERTAKEN;
    }

    private StagedMetadata stageRoot(Connection c, RootMetadata trusted, Map<String, Role> roleKeys, Instant now) throws SQLException {
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, Key> rootKeys = new TreeMap<>();
        for (String name : RoleName.TOP_LEVEL) {
            Role given = roleKeys.get(name);
            List<String> ids = new ArrayList<>();
            if (given != null && !given.keyIds().isEmpty()) {
                ids.addAll(given.keyIds());
            } else {
                keys.registeredFor(c, name).forEach(k -> ids.add(k.keyId()));
            }
            int threshold = given != null ? given.threshold() : trusted.role(name).threshold();
            for (String id : ids) {
                SigningKey key = keys.find(c, id).orElseThrow(() -> ApiException.invalidField("role_keys", name + " names unknown key " + id));
                if (key.revoked()) {
                    throw ApiException.invalidField("role_keys", name + " names revoked key " + id);
                }
                rootKeys.put(id, key.publicKey());
            }
            if (ids.size() < threshold) {
                String problem = name + " would have " + ids.size() + " key(s), fewer than its threshold " + threshold;
                throw given != null ? ApiException.invalidField("role_keys", problem)
                        : ApiException.failedPrecondition(problem + ": create a key for it (CreateKey) or give its role_keys");
            }
            roles.put(name, new Role(ids, threshold));
        }
        RootMetadata next = new RootMetadata(trusted.version() + 1, publisher.expiry(now, RoleName.ROOT), true, rootKeys, roles);
        return new StagedMetadata(UUID.randomUUID(), RoleName.ROOT, next.version(), CanonicalJson.encode(next.toSignedJson()),
                roles.get(RoleName.ROOT), trusted.role(RoleName.ROOT), List.of(), now, null, null);
    }

    /** Targets are checked against the trusted root's targets role at publication: a root rotation may have changed it. */
    private static Role required(StagedMetadata md, RootMetadata trusted) {
        return RoleName.ROOT.equals(md.role()) ? md.required() : trusted.role(RoleName.TARGETS);
    }

    /** The valid distinct signatures {@code md} has against each threshold it must meet, as of now. */
    public SigningProgress progress(Connection c, StagedMetadata md, RootMetadata trusted) throws SQLException {
        SignedMetadata signed = signedWithCollected(c, md);
        RootMetadata next = RoleName.ROOT.equals(md.role()) ? RootMetadata.from(signed) : trusted;
        Role required = required(md, trusted);
        return new SigningProgress(md, required, ThresholdVerifier.countValid(signed, required, next.keys()),
                ThresholdVerifier.countValid(signed, md.previous(), trusted.keys()), md.published());
    }

    private SignedMetadata signedWithCollected(Connection c, StagedMetadata md) throws SQLException {
        return new SignedMetadata((ObjectNode) CanonicalJson.decode(md.signedCanonical()), staged.unrevokedSignatures(c, md.id()));
    }

    private SigningProgress publishIfComplete(Connection c, StagedMetadata md, RootMetadata trusted, Instant now) throws SQLException {
        SigningProgress progress = progress(c, md, trusted);
        boolean complete = progress.signatures() >= progress.required().threshold() && progress.previousSignatures() >= md.previous().threshold();
        if (!complete) {
            return progress;
        }
        SignedMetadata signed = signedWithCollected(c, md);
        publisher.insert(c, md.role(), md.version(), signed, signed.expires(), now);
        staged.markPublished(c, md.id(), now);
        if (RoleName.ROOT.equals(md.role())) {
            RootMetadata next = RootMetadata.from(signed);
            updateKeyRoles(c, trusted, next);
            publisher.publishSnapshotAndTimestamp(c, next, now);
        } else {
            publisher.completeTargets(c, trusted, md.version(), md.releases(), now);
        }
        LOG.infof("published %s v%d from %s with %d signature(s)%s", md.role(), md.version(), md.name(), signed.signatures().size(),
                md.releases().isEmpty() ? "" : ", signing " + String.join(", ", md.releases()));
        return new SigningProgress(md, progress.required(), progress.signatures(), progress.previousSignatures(), true);
    }

    /** After a root version: every key the old or new root lists signs for exactly the roles the new root gives it. */
    private void updateKeyRoles(Connection c, RootMetadata trusted, RootMetadata next) throws SQLException {
        Map<String, List<String>> roles = new TreeMap<>();
        trusted.keys().keySet().forEach(id -> roles.put(id, new ArrayList<>()));
        next.keys().keySet().forEach(id -> roles.put(id, new ArrayList<>()));
        for (String role : RoleName.TOP_LEVEL) {
            next.role(role).keyIds().forEach(id -> roles.get(id).add(role));
        }
        for (Map.Entry<String, List<String>> e : roles.entrySet()) {
            keys.setRoles(c, e.getKey(), e.getValue());
        }
    }
}
