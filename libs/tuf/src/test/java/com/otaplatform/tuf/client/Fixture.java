package com.otaplatform.tuf.client;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TestRepoServer;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.SignedMetadata;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import org.assertj.core.api.ThrowableAssert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A signed repository served over real HTTP plus a client cache directory. */
public final class Fixture implements AutoCloseable {
    public final Path base;
    public final RepositoryBuilder repo;
    public final TestRepoServer server;
    public final Path metadataDir;
    public final Path targetDir;
    public final LocalSigner rootKey = KeyPairs.ed25519();
    public final LocalSigner targetsKey = KeyPairs.ed25519();
    public final LocalSigner snapshotKey = KeyPairs.ecdsaP256();
    public final LocalSigner timestampKey = KeyPairs.ed25519();
    public UpdaterConfig config = UpdaterConfig.defaults();

    public Fixture(Path base) {
        this(base, "repo");
    }

    public Fixture(Path base, String name) {
        this.base = base;
        this.name = name;
        Path repoDir = base.resolve("server").resolve(name);
        repo = new RepositoryBuilder(repoDir)
                .addKey(RoleName.ROOT, rootKey)
                .addKey(RoleName.TARGETS, targetsKey)
                .addKey(RoleName.SNAPSHOT, snapshotKey)
                .addKey(RoleName.TIMESTAMP, timestampKey);
        repo.publish();
        try {
            server = new TestRepoServer(base.resolve("server"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metadataDir = base.resolve("client").resolve(name).resolve("metadata");
        targetDir = base.resolve("client").resolve(name).resolve("targets");
        TufUpdater.init(metadataDir, repo.metadataBytes("1.root.json"));
    }

    private final String name;

    public URI metadataUrl() {
        return server.uri(name + "/metadata/");
    }

    public URI targetsUrl() {
        return server.uri(name + "/targets/");
    }

    /** Path on the server for a metadata file. */
    public String md(String file) {
        return name + "/metadata/" + file;
    }

    public String tgt(String file) {
        return name + "/targets/" + file;
    }

    public TufUpdater updater() {
        return updater(Clock.systemUTC());
    }

    public TufUpdater updater(Clock clock) {
        return new TufUpdater(metadataDir, metadataUrl(), config, clock);
    }

    public UpdaterConfig fastGuard() {
        return UpdaterConfig.defaults().withSlowRetrievalGuard(Duration.ofMillis(1000), 100, Duration.ofMillis(1000));
    }

    /** Version of a cached metadata file, 0 if absent. */
    public long cachedVersion(String role) {
        Path f = metadataDir.resolve(role + ".json");
        if (!Files.exists(f)) {
            return 0;
        }
        try {
            return SignedMetadata.parse(Files.readAllBytes(f)).version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every cached file and its bytes: compare before/after an attack to prove the trusted state did not change. */
    public Map<String, String> cacheState() {
        Map<String, String> out = new TreeMap<>();
        Path clientRoot = base.resolve("client");
        if (!Files.exists(clientRoot)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(clientRoot)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    out.put(clientRoot.relativize(p).toString(), new String(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static TufException fails(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        TufException e = catchThrowableOfType(TufException.class, call);
        assertThat(e).as("expected a TufException with code " + code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).startsWith(code.name());
        return e;
    }

    @Override
    public void close() {
        server.close();
    }
}
