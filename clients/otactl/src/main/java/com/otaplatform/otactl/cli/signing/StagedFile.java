package com.otaplatform.otactl.cli.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.Role;
import com.otaplatform.tuf.json.CanonicalJson;
import com.otaplatform.tuf.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file {@code prepare} writes, {@code sign} adds signatures to and {@code submit} uploads: the staged metadata's
 * name, the exact bytes to sign (base64), the same {@code signed} object readable, the keys that count, the signatures.
 */
record StagedFile(String name, Role role, long version, byte[] signedCanonical, List<String> keyIds, int threshold,
                  List<String> previousKeyIds, int previousThreshold, Map<String, String> signatures) {

    static StagedFile of(PrepareRoleMetadataResponse staged, Role role) {
        return new StagedFile(staged.getName(), role, staged.getVersion(), staged.getSignedCanonical().toByteArray(),
                staged.getKeyIdsList(), staged.getThreshold(), staged.getPreviousKeyIdsList(), staged.getPreviousThreshold(),
                new LinkedHashMap<>());
    }

    static StagedFile of(com.otaplatform.signing.v1.StagedMetadata staged) {
        return new StagedFile(staged.getName(), staged.getRole(), staged.getVersion(), staged.getSignedCanonical().toByteArray(),
                staged.getKeyIdsList(), staged.getThreshold(), staged.getPreviousKeyIdsList(), staged.getPreviousThreshold(),
                new LinkedHashMap<>());
    }

    /** Whether {@code keyId}'s signature counts toward one of the thresholds. */
    boolean counts(String keyId) {
        return keyIds.contains(keyId) || previousKeyIds.contains(keyId);
    }

    StagedFile withSignature(String keyId, String signatureHex) {
        Map<String, String> all = new LinkedHashMap<>(signatures);
        all.put(keyId, signatureHex);
        return new StagedFile(name, role, version, signedCanonical, keyIds, threshold, previousKeyIds, previousThreshold, all);
    }

    static StagedFile read(Path file) {
        JsonNode json;
        try {
            json = Json.parse(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCode.USAGE, "Cannot read " + file + ": " + e.getMessage() + " (write it with `otactl signing prepare` or `otactl signing fetch`).");
        }
        try {
            byte[] canonical = Base64.getDecoder().decode(json.get("signedCanonical").textValue());
            // what a reviewer reads must be what gets signed
            if (!Arrays.equals(canonical, CanonicalJson.encode(json.get("signed")))) {
                throw new CliException(ExitCode.USAGE, file + " was altered: its \"signed\" object differs from the bytes to sign."
                        + " Prepare it again.");
            }
            Map<String, String> signatures = new LinkedHashMap<>();
            json.get("signatures").forEach(s -> signatures.put(s.get("keyid").textValue(), s.get("sig").textValue()));
            return new StagedFile(json.get("name").textValue(), RoleOption.valueOf(json.get("role").textValue()).proto(),
                    json.get("version").longValue(), canonical, strings(json.get("keyIds")), json.get("threshold").intValue(),
                    strings(json.get("previousKeyIds")), json.get("previousThreshold").intValue(), signatures);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, file + " is not a file of `otactl signing prepare`: " + e.getMessage());
        }
    }

    void write(Path file) {
        ObjectNode json = ProtoJson.MAPPER.createObjectNode();
        json.put("name", name);
        json.put("role", RoleOption.of(role));
        json.put("version", version);
        json.set("signed", CanonicalJson.decode(signedCanonical));
        json.put("signedCanonical", Base64.getEncoder().encodeToString(signedCanonical));
        keyIds.forEach(json.putArray("keyIds")::add);
        json.put("threshold", threshold);
        previousKeyIds.forEach(json.putArray("previousKeyIds")::add);
        json.put("previousThreshold", previousThreshold);
        ArrayNode sigs = json.putArray("signatures");
        signatures.forEach((keyId, sig) -> sigs.addObject().put("keyid", keyId).put("sig", sig));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(parent, ".staged", ".tmp");
            Files.write(tmp, ProtoJson.write(json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(ExitCode.UNEXPECTED, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.textValue()));
        return values;
    }
}
