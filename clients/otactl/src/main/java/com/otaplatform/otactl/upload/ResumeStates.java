package com.otaplatform.otactl.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.otaplatform.artifact.v1.ArtifactSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Remembers the open upload of each file being pushed, so that running the same {@code otactl push}
 * again after an interruption (Ctrl-C, a lost connection, a reboot) resumes it instead of starting over.
 * One small JSON file per (absolute path, size, modification time) under {@code <config dir>/uploads/};
 * a changed file gets a new key and so a new upload.
 */
public final class ResumeStates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public ResumeStates(Path configDir) {
        this.dir = configDir.resolve("uploads");
    }

    /** The upload recorded for this file and spec, if any. */
    public Optional<String> find(Path file, ArtifactSpec spec) {
        Path state = stateFile(file);
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(state.toFile());
            ArtifactSpec.Builder recorded = ArtifactSpec.newBuilder();
            JsonFormat.parser().merge(json.path("spec").toString(), recorded);
            // Same file, different metadata: a different artifact, so a new upload.
            if (!recorded.build().equals(spec)) {
                return Optional.empty();
            }
            return Optional.of(json.path("upload").asText()).filter(name -> !name.isEmpty());
        } catch (IOException e) {
            // An unreadable state only costs a fresh upload.
            return Optional.empty();
        }
    }

    /** Records the upload of this file (written atomically, readable by the owner only). */
    public void save(Path file, ArtifactSpec spec, String upload) {
        try {
            Files.createDirectories(dir);
            ObjectNode json = JSON.createObjectNode();
            json.put("upload", upload);
            json.put("path", file.toAbsolutePath().normalize().toString());
            json.put("size", Files.size(file));
            json.put("mtime", Files.getLastModifiedTime(file).toMillis());
            json.set("spec", JSON.readTree(JsonFormat.printer().print(spec)));
            Path state = stateFile(file);
            Path temp = Files.createTempFile(dir, "upload", ".tmp");
            Files.writeString(temp, JSON.writeValueAsString(json), StandardCharsets.UTF_8);
            try {
                Files.move(temp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, state, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resume state in " + dir, e);
        }
    }

    /** Forgets the upload of this file (done, cancelled or gone). */
    public void forget(Path file) {
        try {
            Files.deleteIfExists(stateFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the resume state in " + dir, e);
        }
    }

    Path stateFile(Path file) {
        try {
            String key = file.toAbsolutePath().normalize() + "\n" + Files.size(file) + "\n" + Files.getLastModifiedTime(file).toMillis();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
