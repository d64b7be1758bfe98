package com.otaplatform.otactl.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * otactl's settings: built-in defaults, overridden by {@code config.properties} in the config dir, overridden by
 * environment variables ({@code artifact.endpoint} -> {@code OTACTL_ARTIFACT_ENDPOINT}).
 */
public final class OtactlConfig {
    public static final String ARTIFACT_ENDPOINT = "artifact.endpoint";
    public static final String SIGNING_ENDPOINT = "signing.endpoint";
    public static final String ROLLOUT_ENDPOINT = "rollout.endpoint";
    public static final String FLEET_ENDPOINT = "fleet.endpoint";
    public static final String OIDC_ISSUER = "oidc.issuer";
    public static final String OIDC_CLIENT_ID = "oidc.client-id";

    public static final String FILE_NAME = "config.properties";

    private static final Map<String, String> DEFAULTS = defaults();

    /** Where a value came from, for {@code otactl config show}. */
    public enum Source { DEFAULT, FILE, ENV }

    /** One resolved setting. */
    public record Setting(String key, String value, Source source) {
    }

    private final Path dir;
    private final Map<String, Setting> settings;

    private OtactlConfig(Path dir, Map<String, Setting> settings) {
        this.dir = dir;
        this.settings = settings;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(ARTIFACT_ENDPOINT, "127.0.0.1:8081");
        d.put(SIGNING_ENDPOINT, "127.0.0.1:8082");
        d.put(ROLLOUT_ENDPOINT, "127.0.0.1:8083");
        d.put(FLEET_ENDPOINT, "127.0.0.1:8084");
        d.put(OIDC_ISSUER, "http://127.0.0.1:8180/realms/ota");
        d.put(OIDC_CLIENT_ID, "otactl");
        return Map.copyOf(d);
    }

    public static List<String> keys() {
        return List.of(ARTIFACT_ENDPOINT, SIGNING_ENDPOINT, ROLLOUT_ENDPOINT, FLEET_ENDPOINT, OIDC_ISSUER, OIDC_CLIENT_ID);
    }

    /** The environment variable that overrides {@code key}: {@code oidc.client-id} -> {@code OTACTL_OIDC_CLIENT_ID}. */
    public static String envName(String key) {
        return "OTACTL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static OtactlConfig load(Map<String, String> env) {
        Path dir = ConfigDir.resolve(env);
        Properties file = new Properties();
        Path path = dir.resolve(FILE_NAME);
        if (Files.isRegularFile(path)) {
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (String key : keys()) {
            String fromEnv = env.get(envName(key));
            String fromFile = file.getProperty(key);
            if (fromEnv != null && !fromEnv.isBlank()) {
                settings.put(key, new Setting(key, fromEnv.trim(), Source.ENV));
            } else if (fromFile != null && !fromFile.isBlank()) {
                settings.put(key, new Setting(key, fromFile.trim(), Source.FILE));
            } else {
                settings.put(key, new Setting(key, DEFAULTS.get(key), Source.DEFAULT));
            }
        }
        return new OtactlConfig(dir, settings);
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    public String get(String key) {
        Setting s = settings.get(key);
        if (s == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return s.value();
    }

    public List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    public String artifactEndpoint() {
        return get(ARTIFACT_ENDPOINT);
    }

    public String rolloutEndpoint() {
        return get(ROLLOUT_ENDPOINT);
    }

    public String signingEndpoint() {
        return get(SIGNING_ENDPOINT);
    }

    public String fleetEndpoint() {
        return get(FLEET_ENDPOINT);
    }

    public String oidcIssuer() {
        return get(OIDC_ISSUER);
    }

    public String oidcClientId() {
        return get(OIDC_CLIENT_ID);
    }
}
