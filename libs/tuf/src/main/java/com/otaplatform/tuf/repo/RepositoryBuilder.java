package com.otaplatform.tuf.repo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.MetaFile;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.Signature;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.TimestampMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and signs a TUF repository on disk in the standard layout:
 * {@code metadata/1.root.json, 2.root.json, ..., root.json, timestamp.json, <v>.snapshot.json, <v>.targets.json} and
 * {@code targets/<sha256>.<name>} (consistent snapshots). Supports thresholds, root rotation (a new root is signed by
 * the keys of the previous root and of the new one) and Uptane custom fields. Tests use the knobs
 * ({@link #signers}, {@link #nextVersion}, {@link #expires}) to play attacks.
 */
public final class RepositoryBuilder {
    private final Path metadataDir;
    private final Path targetsDir;
    private final Map<String, LinkedHashMap<String, Signer>> roleKeys = new LinkedHashMap<>();
    private final Map<String, Integer> thresholds = new LinkedHashMap<>();
    private final Map<String, List<Signer>> signerOverride = new LinkedHashMap<>();
    private final Map<String, Instant> expires = new LinkedHashMap<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();
    private final Map<String, Long> forcedNext = new LinkedHashMap<>();
    private final Map<String, TargetFile> targets = new TreeMap<>();
    private boolean consistentSnapshot = true;
    private boolean rootDirty = true;
    private List<Signer> previousRootSigners = List.of();
    private RootMetadata root;
    private SnapshotMetadata lastSnapshot;
    private byte[] lastTargetsBytes;
    private byte[] lastSnapshotBytes;

    public RepositoryBuilder(Path repoDir) {
        this.metadataDir = repoDir.resolve("metadata");
        this.targetsDir = repoDir.resolve("targets");
        Instant defaultExpiry = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        for (String r : RoleName.TOP_LEVEL) {
            roleKeys.put(r, new LinkedHashMap<>());
            thresholds.put(r, 1);
            versions.put(r, 0L);
            expires.put(r, defaultExpiry);
        }
    }

    /** A repository with one fresh key per role, threshold 1. */
    public static RepositoryBuilder withKeys(Path repoDir, Map<String, Signer> keys) {
        RepositoryBuilder b = new RepositoryBuilder(repoDir);
        keys.forEach(b::addKey);
        return b;
    }

    public Path metadataDir() {
        return metadataDir;
    }

    public Path targetsDir() {
        return targetsDir;
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    public RepositoryBuilder addKey(String role, Signer signer) {
        roleKeys.get(role).put(signer.keyId(), signer);
        rootDirty = true;
        return this;
    }

    public RepositoryBuilder removeKey(String role, Signer signer) {
        roleKeys.get(role).remove(signer.keyId());
        rootDirty = true;
        return this;
    }

    public RepositoryBuilder threshold(String role, int threshold) {
        thresholds.put(role, threshold);
        rootDirty = true;
        return this;
    }

    /** Sign {@code role} with exactly these signers from now on ({@code null} = the role's keys again). */
    public RepositoryBuilder signers(String role, List<Signer> signers) {
        if (signers == null) {
            signerOverride.remove(role);
        } else {
            signerOverride.put(role, List.copyOf(signers));
        }
        return this;
    }

    public RepositoryBuilder expires(String role, Instant when) {
        expires.put(role, when);
        if (RoleName.ROOT.equals(role)) {
            rootDirty = true;
        }
        return this;
    }

    /** Force the version number of the next publication of {@code role}. */
    public RepositoryBuilder nextVersion(String role, long version) {
        forcedNext.put(role, version);
        return this;
    }

    public RepositoryBuilder consistentSnapshot(boolean consistent) {
        this.consistentSnapshot = consistent;
        rootDirty = true;
        return this;
    }

    public List<Signer> keys(String role) {
        return List.copyOf(roleKeys.get(role).values());
    }

    public long version(String role) {
        return versions.get(role);
    }

    public RootMetadata root() {
        return root;
    }

    // ---- targets ----------------------------------------------------------------------------------------------

    /** Adds a target and writes its content under {@code targets/} (hash-prefixed when consistent). */
    public TargetFile addTarget(String name, byte[] content, ObjectNode custom) {
        TargetFile t = new TargetFile(name, content.length,
                Map.of("sha256", Crypto.sha256Hex(content), "sha512", Crypto.sha512Hex(content)), custom);
        writeTargetContent(t, content);
        targets.put(name, t);
        return t;
    }

    /** Lists a target without content (director repositories only carry metadata). */
    public RepositoryBuilder addTargetInfo(TargetFile target) {
        targets.put(target.name(), target);
        return this;
    }

    public RepositoryBuilder removeTarget(String name) {
        targets.remove(name);
        return this;
    }

    /** Where a client would fetch this target's content from. */
    public Path targetPath(TargetFile t) {
        String name = t.name();
        int slash = name.lastIndexOf('/');
        String file = consistentSnapshot
                ? name.substring(0, slash + 1) + t.hashes().get("sha256") + "." + name.substring(slash + 1)
                : name;
        return targetsDir.resolve(file);
    }

    private void writeTargetContent(TargetFile t, byte[] content) {
        write(targetPath(t), content);
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /** Publishes root (if anything in it changed), then targets, snapshot and timestamp. */
    public RepositoryBuilder publish() {
        if (rootDirty || root == null) {
            publishRoot();
        }
        publishTargets();
        publishSnapshot();
        publishTimestamp();
        return this;
    }

    public SignedMetadata publishRoot() {
        long v = nextVersionOf(RoleName.ROOT);
        Map<String, Key> keys = new TreeMap<>();
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String r : RoleName.TOP_LEVEL) {
            roleKeys.get(r).forEach((id, s) -> keys.put(id, s.publicKey()));
            roles.put(r, new Role(new ArrayList<>(roleKeys.get(r).keySet()), thresholds.get(r)));
        }
        RootMetadata md = new RootMetadata(v, expires.get(RoleName.ROOT), consistentSnapshot, keys, roles);
        List<Signer> signers = signerOverride.get(RoleName.ROOT);
        if (signers == null) {
            Map<String, Signer> union = new LinkedHashMap<>();
            previousRootSigners.forEach(s -> union.put(s.keyId(), s));
            roleKeys.get(RoleName.ROOT).forEach(union::put);
            signers = new ArrayList<>(union.values());
        }
        SignedMetadata signed = sign(md.toSignedJson(), signers);
        byte[] bytes = signed.toBytes();
        write(metadataDir.resolve(v + ".root.json"), bytes);
        write(metadataDir.resolve("root.json"), bytes);
        root = md;
        previousRootSigners = List.copyOf(roleKeys.get(RoleName.ROOT).values());
        rootDirty = false;
        return signed;
    }

    public SignedMetadata publishTargets() {
        long v = nextVersionOf(RoleName.TARGETS);
        TargetsMetadata md = new TargetsMetadata(v, expires.get(RoleName.TARGETS), targets);
        SignedMetadata signed = sign(md.toSignedJson(), signersOf(RoleName.TARGETS));
        lastTargetsBytes = signed.toBytes();
        write(metadataDir.resolve(v + ".targets.json"), lastTargetsBytes);
        write(metadataDir.resolve("targets.json"), lastTargetsBytes);
        return signed;
    }

    public SignedMetadata publishSnapshot() {
        long v = nextVersionOf(RoleName.SNAPSHOT);
        Map<String, MetaFile> meta = new TreeMap<>();
        meta.put("targets.json", MetaFile.ofVersion(versions.get(RoleName.TARGETS)));
        SnapshotMetadata md = new SnapshotMetadata(v, expires.get(RoleName.SNAPSHOT), meta);
        return writeSnapshot(md);
    }

    /** Signs and writes arbitrary snapshot content (for attack tests). */
    public SignedMetadata writeSnapshot(SnapshotMetadata md) {
        SignedMetadata signed = sign(md.toSignedJson(), signersOf(RoleName.SNAPSHOT));
        lastSnapshotBytes = signed.toBytes();
        lastSnapshot = md;
        versions.put(RoleName.SNAPSHOT, md.version());
        write(metadataDir.resolve(md.version() + ".snapshot.json"), lastSnapshotBytes);
        write(metadataDir.resolve("snapshot.json"), lastSnapshotBytes);
        return signed;
    }

    public SignedMetadata publishTimestamp() {
        long v = nextVersionOf(RoleName.TIMESTAMP);
        byte[] snap = lastSnapshotBytes;
        MetaFile meta = new MetaFile(versions.get(RoleName.SNAPSHOT), (long) snap.length,
                Map.of("sha256", Crypto.sha256Hex(snap)));
        TimestampMetadata md = new TimestampMetadata(v, expires.get(RoleName.TIMESTAMP), meta);
        SignedMetadata signed = sign(md.toSignedJson(), signersOf(RoleName.TIMESTAMP));
        write(metadataDir.resolve("timestamp.json"), signed.toBytes());
        return signed;
    }

    /** Bytes of a file currently in {@code metadata/}. */
    public byte[] metadataBytes(String file) {
        try {
            return Files.readAllBytes(metadataDir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeMetadata(String file, byte[] bytes) {
        write(metadataDir.resolve(file), bytes);
    }

    /** Signs a "signed" object with each signer (canonical JSON, hex signatures). */
    public static SignedMetadata sign(ObjectNode signed, List<Signer> signers) {
        byte[] data = CanonicalJson.encode(signed);
        List<Signature> sigs = new ArrayList<>();
        for (Signer s : signers) {
            sigs.add(new Signature(s.keyId(), HexFormat.of().formatHex(s.sign(data))));
        }
        return new SignedMetadata(signed, sigs);
    }

    private List<Signer> signersOf(String role) {
        List<Signer> o = signerOverride.get(role);
        return o != null ? o : List.copyOf(roleKeys.get(role).values());
    }

    private long nextVersionOf(String role) {
        Long forced = forcedNext.remove(role);
        long v = forced != null ? forced : versions.get(role) + 1;
        versions.put(role, v);
        return v;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".w", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
