package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.otactl.Otactl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs otactl's real main in-process against the end-to-end platform, as a user or a CI job would. */
final class OtactlDriver {
    /** The CI client's credentials (roles release-engineer and operator). */
    static final Map<String, String> CI = Map.of("OTACTL_CLIENT_ID", "ota-ci", "OTACTL_CLIENT_SECRET", "ota-ci-secret");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configDir;

    OtactlDriver(Path configDir) {
        this.configDir = configDir;
    }

    /** What one otactl run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    Result run(Map<String, String> credentials, String... args) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("OTACTL_CONFIG_DIR", configDir.toString());
        env.put("OTACTL_ARTIFACT_ENDPOINT", "127.0.0.1:" + PlatformProcesses.ARTIFACT_PORT);
        env.put("OTACTL_ROLLOUT_ENDPOINT", "127.0.0.1:" + PlatformProcesses.ROLLOUT_PORT);
        env.put("OTACTL_SIGNING_ENDPOINT", "127.0.0.1:" + PlatformProcesses.SIGNING_PORT);
        env.put("OTACTL_FLEET_ENDPOINT", "127.0.0.1:" + PlatformProcesses.CHECKIN_PORT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Otactl.run(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Pushes {@code image} as adas-main firmware for adas-v3 and creates a release of it; returns the release as JSON. */
    JsonNode pushRelease(Path image, String version) throws Exception {
        JsonNode artifact = json("push", image.toString(), "--kind", "firmware", "--ecu", "adas-main", "--hw", "adas-v3",
                "--version", version, "--verify-hash", "--output", "json");
        return json("release", "create", "--name", "adas-" + version + "-" + System.nanoTime(),
                "--artifact", "adas-main=" + artifact.get("name").asText(), "--output", "json");
    }

    /** Runs as the CI client, expects success, and parses the JSON it printed. */
    JsonNode json(String... args) throws Exception {
        Result result = run(CI, args);
        assertThat(result.exitCode()).as("otactl %s: %s", String.join(" ", args), result.err()).isZero();
        return JSON.readTree(result.out());
    }
}
