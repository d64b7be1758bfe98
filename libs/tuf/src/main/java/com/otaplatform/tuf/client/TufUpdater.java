package com.otaplatform.tuf.client;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.PublicKeys;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TUF 1.0 detailed client workflow for one repository (top-level roles, no delegations), as an Uptane primary
 * runs it: root chain walk, timestamp, snapshot, targets, each with signature threshold, rollback, version
 * consistency and expiry checks, against a local cache of trusted metadata. Nothing is written to the cache unless it
 * passed every check; the expiry reference time is taken once at the start of each refresh.
 */
public final class TufUpdater {
    private final MetadataStore store;
    private final String metadataUrl;
    private final UpdaterConfig config;
    private final Clock clock;
    private final HttpFetcher fetcher;
    private TrustedMetadata trusted;

    public TufUpdater(Path metadataDir, URI metadataUrl, UpdaterConfig config, Clock clock) {
        this.store = new MetadataStore(metadataDir);
        String u = metadataUrl.toString();
        this.metadataUrl = u.endsWith("/") ? u : u + "/";
        this.config = config;
        this.clock = clock;
        this.fetcher = new HttpFetcher(config);
    }

    /** Stores the initial trusted root (it must parse as root metadata). No network access. */
    public static void init(Path metadataDir, byte[] trustedRoot) {
        RootMetadata.from(SignedMetadata.parse(trustedRoot));
        new MetadataStore(metadataDir).write(RoleName.ROOT, trustedRoot);
    }

    public HttpFetcher fetcher() {
        return fetcher;
    }

    /** The metadata verified by the last successful refresh, if any. */
    public Optional<TrustedMetadata> trusted() {
        return Optional.ofNullable(trusted);
    }

    public synchronized TrustedMetadata refresh() {
        trusted = null;
        final Instant now = clock.instant();
        RootMetadata original = loadTrustedRoot();
        RootMetadata root = updateRoot(original);
        if (!now.isBefore(root.expires())) {
            throw new TufException(ErrorCode.EXPIRED, "root version " + root.version() + " expired at "
                    + root.expires() + " (reference time " + now + ")");
        }
        if (root.version() != original.version()
                && (roleChanged(original, root, RoleName.TIMESTAMP) || roleChanged(original, root, RoleName.SNAPSHOT))) {
            // fast-forward recovery (spec 5.3.11): forget timestamp and snapshot signed by rotated-away keys
            store.delete(RoleName.TIMESTAMP);
            store.delete(RoleName.SNAPSHOT);
        }
        TimestampMetadata timestamp = updateTimestamp(root, now);
        SnapshotMetadata snapshot = updateSnapshot(root, timestamp, now);
        TargetsMetadata targets = updateTargets(root, snapshot, now);
        trusted = new TrustedMetadata(root, timestamp, snapshot, targets);
        return trusted;
    }

    // ---- root -------------------------------------------------------------------------------------------------

    private RootMetadata loadTrustedRoot() {
        byte[] raw = store.read(RoleName.ROOT).orElseThrow(() -> new TufException(ErrorCode.NOT_INITIALIZED,
                "no trusted root.json in " + store.dir()));
        SignedMetadata md = SignedMetadata.parse(raw);
        RootMetadata root = RootMetadata.from(md);
        ThresholdVerifier.verify("trusted root version " + root.version(), md, root.role(RoleName.ROOT), root.keys());
        return root;
    }

    private RootMetadata updateRoot(RootMetadata root) {
        for (int i = 0; i < config.maxRootRotations(); i++) {
            long next = root.version() + 1;
            byte[] raw;
            try {
                raw = fetcher.fetchBytes(url(next + ".root.json"), config.rootMaxLength(), "root v" + next);
            } catch (DownloadException e) {
                if (e.notFound()) {
                    break;
                }
                throw e;
            }
            SignedMetadata md = SignedMetadata.parse(raw);
            md.requireType(RoleName.ROOT);
            try {
                ThresholdVerifier.verify("root v" + next + " by trusted root v" + root.version() + " keys", md,
                        root.role(RoleName.ROOT), root.keys());
            } catch (TufException e) {
                throw new TufException(ErrorCode.BAD_ROOT_CHAIN, "root v" + next
                        + " is not signed by a threshold of the keys of trusted root v" + root.version() + " ("
                        + e.getMessage() + ")", e);
            }
            RootMetadata candidate = RootMetadata.from(md);
            try {
                ThresholdVerifier.verify("root v" + next + " by its own keys", md, candidate.role(RoleName.ROOT),
                        candidate.keys());
            } catch (TufException e) {
                throw new TufException(ErrorCode.BAD_ROOT_CHAIN, "root v" + next
                        + " is not signed by a threshold of its own root keys (" + e.getMessage() + ")", e);
            }
            if (candidate.version() != next) {
                throw new TufException(ErrorCode.BAD_ROOT_CHAIN, "file " + next + ".root.json holds root version "
                        + candidate.version() + ", expected exactly " + next);
            }
            store.write(RoleName.ROOT, raw);
            root = candidate;
        }
        return root;
    }

    private static boolean roleChanged(RootMetadata a, RootMetadata b, String role) {
        Role ra = a.role(role);
        Role rb = b.role(role);
        return ra.threshold() != rb.threshold() || !material(a, ra).equals(material(b, rb));
    }

    private static Set<String> material(RootMetadata root, Role role) {
        Set<String> out = new TreeSet<>();
        for (String id : role.keyIds()) {
            try {
                out.add(PublicKeys.material(root.keys().get(id)));
            } catch (IllegalArgumentException e) {
                out.add("unparseable:" + id);
            }
        }
        return out;
    }

    // ---- timestamp --------------------------------------------------------------------------------------------

    private TimestampMetadata updateTimestamp(RootMetadata root, Instant now) {
        Optional<TimestampMetadata> old = loadLocal(RoleName.TIMESTAMP, root).map(TimestampMetadata::from);
        byte[] raw = fetcher.fetchBytes(url("timestamp.json"), config.timestampMaxLength(), "timestamp");
        SignedMetadata md = SignedMetadata.parse(raw);
        md.requireType(RoleName.TIMESTAMP);
        ThresholdVerifier.verify("timestamp", md, root.role(RoleName.TIMESTAMP), root.keys());
        TimestampMetadata ts = TimestampMetadata.from(md);
        boolean isNew = true;
        if (old.isPresent()) {
            TimestampMetadata o = old.get();
            if (ts.version() < o.version()) {
                throw new TufException(ErrorCode.ROLLBACK, "timestamp version " + ts.version()
                        + " is lower than trusted version " + o.version());
            }
            if (ts.snapshot().version() < o.snapshot().version()) {
                throw new TufException(ErrorCode.ROLLBACK, "timestamp lists snapshot version "
                        + ts.snapshot().version() + ", lower than trusted " + o.snapshot().version());
            }
            if (ts.version() == o.version()) {
                ts = o; // nothing new: keep what we trust
                isNew = false;
            }
        }
        if (!now.isBefore(ts.expires())) {
            throw new TufException(ErrorCode.EXPIRED, "timestamp version " + ts.version() + " expired at "
                    + ts.expires() + " (reference time " + now + ")");
        }
        if (isNew) {
            store.write(RoleName.TIMESTAMP, raw);
        }
        return ts;
    }

    // ---- snapshot ---------------------------------------------------------------------------------------------

    private SnapshotMetadata updateSnapshot(RootMetadata root, TimestampMetadata ts, Instant now) {
        MetaFile meta = ts.snapshot();
        Optional<byte[]> oldRaw = store.read(RoleName.SNAPSHOT);
        Optional<SnapshotMetadata> old = loadLocal(RoleName.SNAPSHOT, root).map(SnapshotMetadata::from);
        if (old.isPresent() && old.get().version() == meta.version() && now.isBefore(old.get().expires())
                && hashesMatch(oldRaw.get(), meta) && lengthMatches(oldRaw.get(), meta)) {
            return old.get();
        }
        String file = root.consistentSnapshot() ? meta.version() + ".snapshot.json" : "snapshot.json";
        long cap = meta.length() != null ? meta.length() : config.snapshotMaxLength();
        byte[] raw = fetcher.fetchBytes(url(file), cap, "snapshot v" + meta.version());
        checkHashes(raw, meta, "snapshot v" + meta.version());
        SignedMetadata md = SignedMetadata.parse(raw);
        md.requireType(RoleName.SNAPSHOT);
        ThresholdVerifier.verify("snapshot", md, root.role(RoleName.SNAPSHOT), root.keys());
        SnapshotMetadata snap = SnapshotMetadata.from(md);
        for (String name : snap.meta().keySet()) {
            if (!name.endsWith(".json")) {
                throw new TufException(ErrorCode.INVALID_METADATA, "snapshot meta entry '" + name
                        + "' is not a .json role file");
            }
            Names.requireSafeRoleName(name.substring(0, name.length() - ".json".length()));
        }
        if (old.isPresent() && snap.version() < old.get().version()) {
            throw new TufException(ErrorCode.ROLLBACK, "snapshot version " + snap.version()
                    + " is lower than trusted version " + old.get().version());
        }
        if (snap.version() != meta.version()) {
            throw new TufException(ErrorCode.MIX_AND_MATCH, "timestamp names snapshot version " + meta.version()
                    + " but " + file + " holds version " + snap.version());
        }
        if (old.isPresent()) {
            for (Map.Entry<String, MetaFile> e : old.get().meta().entrySet()) {
                MetaFile now2 = snap.meta().get(e.getKey());
                if (now2 == null) {
                    throw new TufException(ErrorCode.ROLLBACK, "snapshot v" + snap.version() + " drops "
                            + e.getKey() + " listed by trusted snapshot v" + old.get().version());
                }
                if (now2.version() < e.getValue().version()) {
                    throw new TufException(ErrorCode.ROLLBACK, "snapshot v" + snap.version() + " lists "
                            + e.getKey() + " version " + now2.version() + ", lower than trusted "
                            + e.getValue().version());
                }
            }
        }
        if (!now.isBefore(snap.expires())) {
            throw new TufException(ErrorCode.EXPIRED, "snapshot version " + snap.version() + " expired at "
                    + snap.expires() + " (reference time " + now + ")");
        }
        store.write(RoleName.SNAPSHOT, raw);
        return snap;
    }

    // ---- targets ----------------------------------------------------------------------------------------------

    private TargetsMetadata updateTargets(RootMetadata root, SnapshotMetadata snap, Instant now) {
        MetaFile meta = snap.meta().get("targets.json");
        if (meta == null) {
            throw new TufException(ErrorCode.INVALID_METADATA, "snapshot v" + snap.version()
                    + " does not list targets.json");
        }
        Optional<byte[]> oldRaw = store.read(RoleName.TARGETS);
        Optional<TargetsMetadata> old = loadLocal(RoleName.TARGETS, root).map(TargetsMetadata::from);
        if (old.isPresent() && old.get().version() == meta.version() && now.isBefore(old.get().expires())
                && hashesMatch(oldRaw.get(), meta) && lengthMatches(oldRaw.get(), meta)) {
            return old.get();
        }
        String file = root.consistentSnapshot() ? meta.version() + ".targets.json" : "targets.json";
        long cap = meta.length() != null ? meta.length() : config.targetsMaxLength();
        byte[] raw = fetcher.fetchBytes(url(file), cap, "targets v" + meta.version());
        checkHashes(raw, meta, "targets v" + meta.version());
        SignedMetadata md = SignedMetadata.parse(raw);
        md.requireType(RoleName.TARGETS);
        ThresholdVerifier.verify("targets", md, root.role(RoleName.TARGETS), root.keys());
        TargetsMetadata targets = TargetsMetadata.from(md);
        if (old.isPresent() && targets.version() < old.get().version()) {
            throw new TufException(ErrorCode.ROLLBACK, "targets version " + targets.version()
                    + " is lower than trusted version " + old.get().version());
        }
        if (targets.version() != meta.version()) {
            throw new TufException(ErrorCode.MIX_AND_MATCH, "snapshot v" + snap.version() + " names targets version "
                    + meta.version() + " but " + file + " holds version " + targets.version());
        }
        if (!now.isBefore(targets.expires())) {
            throw new TufException(ErrorCode.EXPIRED, "targets version " + targets.version() + " expired at "
                    + targets.expires() + " (reference time " + now + ")");
        }
        store.write(RoleName.TARGETS, raw);
        return targets;
    }

    // ---- targets download -------------------------------------------------------------------------------------

    /** Looks a target up in the verified targets metadata (refresh first). */
    public TargetFile targetInfo(String name) {
        Names.requireSafeTargetName(name);
        if (trusted == null) {
            throw new IllegalStateException("refresh() has not succeeded yet");
        }
        return trusted.targets().target(name).orElseThrow(() -> new TufException(ErrorCode.TARGET_NOT_FOUND,
                "target '" + name + "' is not listed in targets v" + trusted.targets().version()));
    }

    /** The already downloaded copy in {@code targetDir}, if its length and hashes still match. */
    public Optional<Path> cachedTarget(TargetFile target, Path targetDir) {
        Names.requireSafeTargetName(target.name());
        Path p = Names.localFile(targetDir, target.name());
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            if (Files.size(p) != target.length()) {
                return Optional.empty();
            }
            Map<String, MessageDigest> digests = digests(target);
            try (InputStream in = Files.newInputStream(p)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (MessageDigest d : digests.values()) {
                        d.update(buf, 0, n);
                    }
                }
            }
            for (Map.Entry<String, MessageDigest> e : digests.entrySet()) {
                if (!HexFormat.of().formatHex(e.getValue().digest()).equalsIgnoreCase(target.hashes().get(e.getKey()))) {
                    return Optional.empty();
                }
            }
            return Optional.of(p);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Downloads a target into {@code targetDir} (file name = URL-encoded target name): the download is cut at the
     * signed length, then every known hash must match; only then is the file moved into place.
     */
    public Path download(TargetFile target, URI targetBaseUrl, Path targetDir) {
        Names.requireSafeTargetName(target.name());
        Path dest = Names.localFile(targetDir, target.name());
        Optional<Path> cached = cachedTarget(target, targetDir);
        if (cached.isPresent()) {
            return cached.get();
        }
        boolean consistent = trusted == null || trusted.root().consistentSnapshot();
        String remote = target.name();
        if (consistent) {
            int slash = remote.lastIndexOf('/');
            String hash = target.hashes().containsKey("sha256") ? target.hashes().get("sha256")
                    : target.hashes().values().iterator().next();
            remote = remote.substring(0, slash + 1) + hash + "." + remote.substring(slash + 1);
        }
        String base = targetBaseUrl.toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + Names.urlPath(remote));
        Map<String, MessageDigest> digests = digests(target);
        try {
            Files.createDirectories(targetDir);
            Path tmp = Files.createTempFile(targetDir.toAbsolutePath().normalize(), ".download-", ".tmp");
            try {
                long got;
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    got = fetcher.fetch(uri, target.length(), "target '" + target.name() + "'", chunk -> {
                        for (MessageDigest d : digests.values()) {
                            d.update(chunk.duplicate());
                        }
                        while (chunk.hasRemaining()) {
                            ch.write(chunk);
                        }
                    });
                }
                if (got != target.length()) {
                    throw new TufException(ErrorCode.HASH_MISMATCH, "target '" + target.name() + "': got " + got
                            + " bytes, signed length is " + target.length());
                }
                for (Map.Entry<String, MessageDigest> e : digests.entrySet()) {
                    String actual = HexFormat.of().formatHex(e.getValue().digest());
                    if (!actual.equalsIgnoreCase(target.hashes().get(e.getKey()))) {
                        throw new TufException(ErrorCode.HASH_MISMATCH, "target '" + target.name() + "': "
                                + e.getKey() + " " + actual + " differs from signed " + target.hashes().get(e.getKey()));
                    }
                }
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return dest;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, MessageDigest> digests(TargetFile target) {
        Map<String, MessageDigest> out = new HashMap<>();
        for (String alg : target.hashes().keySet()) {
            MessageDigest d = Crypto.digest(alg);
            if (d != null) {
                out.put(alg, d);
            }
        }
        if (out.isEmpty()) {
            throw new TufException(ErrorCode.HASH_MISMATCH, "target '" + target.name()
                    + "' has no supported hash (sha256 or sha512)");
        }
        return out;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Local metadata that still verifies against the current root, or empty. */
    private Optional<SignedMetadata> loadLocal(String role, RootMetadata root) {
        Optional<byte[]> raw = store.read(role);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            SignedMetadata md = SignedMetadata.parse(raw.get());
            md.requireType(role);
            ThresholdVerifier.verify("local " + role, md, root.role(role), root.keys());
            return Optional.of(md);
        } catch (TufException e) {
            return Optional.empty();
        }
    }

    private static boolean hashesMatch(byte[] raw, MetaFile meta) {
        for (Map.Entry<String, String> e : meta.hashes().entrySet()) {
            MessageDigest d = Crypto.digest(e.getKey());
            if (d != null && !HexFormat.of().formatHex(d.digest(raw)).equalsIgnoreCase(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean lengthMatches(byte[] raw, MetaFile meta) {
        return meta.length() == null || meta.length() == raw.length;
    }

    private static void checkHashes(byte[] raw, MetaFile meta, String what) {
        if (!hashesMatch(raw, meta)) {
            throw new TufException(ErrorCode.HASH_MISMATCH, what + ": hash differs from the one signed by the "
                    + "referencing metadata");
        }
        if (!lengthMatches(raw, meta)) {
            throw new TufException(ErrorCode.HASH_MISMATCH, what + ": length " + raw.length + " differs from signed "
                    + meta.length());
        }
    }

    private URI url(String file) {
        return URI.create(metadataUrl + file);
    }
}
