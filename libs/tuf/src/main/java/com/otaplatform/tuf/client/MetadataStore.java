package com.otaplatform.tuf.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The local cache of trusted metadata: non-versioned {@code <role>.json} files, written atomically. */
public final class MetadataStore {
    private final Path dir;

    public MetadataStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    private Path file(String role) {
        Names.requireSafeRoleName(role);
        return Names.localFile(dir, role + ".json");
    }

    public Optional<byte[]> read(String role) {
        try {
            return Optional.of(Files.readAllBytes(file(role)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String role, byte[] bytes) {
        Path target = file(role);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".metadata", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String role) {
        try {
            Files.deleteIfExists(file(role));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
