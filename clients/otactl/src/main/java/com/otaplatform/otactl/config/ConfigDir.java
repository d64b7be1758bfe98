package com.otaplatform.otactl.config;

import java.nio.file.Path;
import java.util.Map;

/** Where otactl keeps its config and credentials: $OTACTL_CONFIG_DIR, else $XDG_CONFIG_HOME/otactl, else ~/.config/otactl. */
public final class ConfigDir {
    private ConfigDir() {
    }

    public static Path resolve(Map<String, String> env) {
        String explicit = env.get("OTACTL_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "otactl");
        }
        return Path.of(System.getProperty("user.home"), ".config", "otactl");
    }
}
