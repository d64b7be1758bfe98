package com.otaplatform.otactl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs otactl in-process with a controlled environment and captures its output. */
public final class OtactlRunner {
    /** What one run did. */
    public record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();

    public OtactlRunner(Path configDir) {
        env.put("OTACTL_CONFIG_DIR", configDir.toString());
        env.put("OTACTL_STDERR_TTY", "0");
    }

    public OtactlRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Otactl.run(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
