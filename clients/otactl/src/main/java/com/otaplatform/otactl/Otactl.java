package com.otaplatform.otactl;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.CommandLines;

import java.io.PrintStream;
import java.util.Map;

/** otactl's entry point. {@link #run} is usable in-process: it returns the exit code and never exits the JVM. */
public final class Otactl {
    private Otactl() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs otactl with the process's environment, stdout and stderr; returns the exit code. */
    public static int run(String... args) {
        return run(System.getenv(), System.out, System.err, args);
    }

    /** Runs otactl with the given environment and streams (for tests); returns the exit code. */
    public static int run(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
        try (CliContext context = new CliContext(env, out, err)) {
            return CommandLines.create(context).execute(args);
        }
    }
}
