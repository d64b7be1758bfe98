package com.otaplatform.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.checkin.config.DirectorConfig;
import com.otaplatform.checkin.repository.DirectorRepository;
import com.otaplatform.common.Database;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.json.Json;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.tuf.model.MetaFile;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SnapshotMetadata;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;
import com.otaplatform.tuf.model.TimestampMetadata;
import com.otaplatform.tuf.model.UptaneCustom;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The Uptane director repository: per-vehicle targets metadata, signed online at check-in, that binds each assigned
 * image to the ECU serial and hardware id it is for. A vehicle's targets, snapshot and timestamp are signed together
 * under one version and kept until its assignment changes or half their validity has passed, so a poll that changes
 * nothing signs nothing. The keys (one Ed25519 key per role) are generated at the first start and kept encrypted at rest.
 */
@ApplicationScoped
public class DirectorManagement {
    /** Shorter passphrases are refused at start: they would make the encryption at rest guessable. */
    static final int MIN_PASSPHRASE_LENGTH = 16;
    private static final Logger LOG = Logger.getLogger(DirectorManagement.class);

    private final Database db;
    private final DirectorRepository repository;
    private final DirectorConfig config;
    private final Map<String, Signer> signers = new HashMap<>();

    DirectorManagement(AgroalDataSource dataSource, DirectorRepository repository, DirectorConfig config) {
        this.db = new Database(dataSource);
        this.repository = repository;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        String passphrase = config.keyPassphrase();
        if (passphrase == null || passphrase.isBlank() || passphrase.length() < MIN_PASSPHRASE_LENGTH) {
            throw new IllegalStateException("ota.director.key-passphrase (OTA_DIRECTOR_KEY_PASSPHRASE) must be set to at least "
                    + MIN_PASSPHRASE_LENGTH + " characters: it encrypts the director's keys at rest");
        }
        char[] secret = passphrase.toCharArray();
        Map<String, String> encrypted = db.inTransaction(c -> bootstrap(c, secret));
        encrypted.forEach((role, pem) -> signers.put(role, PrivateKeyFiles.decryptSigner(pem, secret, "director " + role + " key")));
    }

    /** Creates the keys and root v1 unless another start did; returns the encrypted key of each role. */
    private Map<String, String> bootstrap(Connection c, char[] passphrase) throws SQLException {
        repository.lockBootstrap(c);
        Map<String, String> existing = repository.keys(c);
        if (!existing.isEmpty()) {
            return existing;
        }
        Map<String, String> encrypted = new LinkedHashMap<>();
        Map<String, Key> keys = new TreeMap<>();
        Map<String, Role> roles = new LinkedHashMap<>();
        Signer rootSigner = null;
        for (String role : RoleName.TOP_LEVEL) {
            LocalSigner signer = KeyPairs.ed25519();
            String pem = PrivateKeyFiles.encrypt(signer.privateKey(), passphrase);
            repository.insertKey(c, role, signer.keyId(), pem);
            encrypted.put(role, pem);
            keys.put(signer.keyId(), signer.publicKey());
            roles.put(role, new Role(List.of(signer.keyId()), 1));
            if (RoleName.ROOT.equals(role)) {
                rootSigner = signer;
            }
        }
        RootMetadata root = new RootMetadata(1, now().plus(config.rootExpiry()), true, keys, roles);
        repository.insertRoot(c, 1, RepositoryBuilder.sign(root.toSignedJson(), List.of(rootSigner)).toBytes(), root.expires());
        LOG.info("bootstrapped the director repository: root v1, one Ed25519 key per role");
        return encrypted;
    }

    /**
     * The vehicle's director metadata listing exactly these downloads: the stored one when it lists the same and is
     * still fresh, else the next version, signed now and stored in the caller's transaction.
     */
    public DirectorMetadata forVehicle(Connection c, String vin, List<Assignment.Download> downloads) throws SQLException {
        Map<String, TargetFile> targets = targets(downloads);
        ObjectNode listing = Json.object();
        targets.forEach((name, target) -> listing.set(name, target.toJson()));
        String fingerprint = Crypto.sha256Hex(CanonicalJson.encode(listing));
        Instant now = now();
        Optional<DirectorMetadata> stored = repository.vehicle(c, vin);
        if (stored.isPresent() && stored.get().fingerprint().equals(fingerprint)
                && now.plus(config.expiry().dividedBy(2)).isBefore(stored.get().expiresAt())) {
            return stored.get();
        }
        DirectorMetadata signed = sign(vin, stored.map(DirectorMetadata::version).orElse(0L) + 1, fingerprint, targets, now);
        repository.upsertVehicle(c, signed);
        return signed;
    }

    /** One target per image, naming every ECU serial it is for with that ECU's hardware id. */
    private static Map<String, TargetFile> targets(List<Assignment.Download> downloads) {
        Map<String, Map<String, String>> ecus = new TreeMap<>();
        Map<String, LiveRollout.Target> images = new TreeMap<>();
        for (Assignment.Download download : downloads) {
            LiveRollout.Target target = download.target();
            images.put(target.targetName(), target);
            ecus.computeIfAbsent(target.targetName(), name -> new TreeMap<>()).put(download.ecuSerial(), target.hardwareId());
        }
        Map<String, TargetFile> targets = new TreeMap<>();
        images.forEach((name, image) -> {
            Map<String, String> hashes = new TreeMap<>(Map.of("sha256", image.sha256()));
            if (!image.sha512().isEmpty()) {
                hashes.put("sha512", image.sha512());
            }
            targets.put(name, new TargetFile(name, image.length(), hashes, UptaneCustom.director(ecus.get(name), image.releaseCounter())));
        });
        return targets;
    }

    private DirectorMetadata sign(String vin, long version, String fingerprint, Map<String, TargetFile> targets, Instant now) {
        Instant expires = now.plus(config.expiry());
        byte[] targetsBytes = signed(new TargetsMetadata(version, expires, targets).toSignedJson(), RoleName.TARGETS);
        byte[] snapshotBytes = signed(new SnapshotMetadata(version, expires, Map.of("targets.json", metaFile(version, targetsBytes)))
                .toSignedJson(), RoleName.SNAPSHOT);
        byte[] timestampBytes = signed(new TimestampMetadata(version, expires, metaFile(version, snapshotBytes)).toSignedJson(),
                RoleName.TIMESTAMP);
        return new DirectorMetadata(vin, version, fingerprint, targetsBytes, snapshotBytes, timestampBytes, expires);
    }

    private static MetaFile metaFile(long version, byte[] file) {
        return new MetaFile(version, (long) file.length, Map.of("sha256", Crypto.sha256Hex(file)));
    }

    private byte[] signed(ObjectNode metadata, String role) {
        return RepositoryBuilder.sign(metadata, List.of(signers.get(role))).toBytes();
    }

    /** Root metadata of this version, if it exists. */
    public Optional<byte[]> root(long version) {
        return db.inTransaction(c -> repository.root(c, version));
    }

    /** The newest root metadata. */
    public byte[] latestRoot() {
        return db.inTransaction(c -> repository.latestRoot(c)).orElseThrow();
    }

    /** The vehicle's stored director metadata, if it checked in since the director existed. */
    public Optional<DirectorMetadata> stored(String vin) {
        return db.inTransaction(c -> repository.vehicle(c, vin));
    }

    /** Where the vehicle refreshes its director metadata. */
    public String repositoryUrl(String vin) {
        String base = config.publicUrl();
        return (base.endsWith("/") ? base : base + "/") + vin + "/";
    }

    /** Where the vehicle refreshes the image repository. */
    public String imageRepositoryUrl() {
        return config.imageRepositoryUrl();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
