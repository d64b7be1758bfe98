package com.otaplatform.tuf.cli;

import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.client.UpdaterConfig;
import com.otaplatform.tuf.model.TargetFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * TUF client CLI following the tuf-conformance client-under-test protocol:
 * <pre>
 *   tuf-client --metadata-dir DIR init TRUSTED_ROOT
 *   tuf-client --metadata-dir DIR --metadata-url URL refresh
 *   tuf-client --metadata-dir DIR --metadata-url URL --target-name NAME --target-base-url URL --target-dir DIR download
 * </pre>
 * Exit code 0 on success, 1 on any failure (the error code and reason go to stderr).
 */
@Command(name = "tuf-client", mixinStandardHelpOptions = true,
        description = "TUF 1.0 client (tuf-conformance CLI protocol).",
        subcommands = {TufClientCli.Init.class, TufClientCli.Refresh.class, TufClientCli.Download.class})
public final class TufClientCli {
    @Option(names = "--metadata-dir", required = true, description = "Directory for trusted metadata.")
    Path metadataDir;

    @Option(names = "--metadata-url", description = "Base URL of the repository metadata.")
    URI metadataUrl;

    @Option(names = "--target-name", description = "TUF target path to download.")
    String targetName;

    @Option(names = "--target-base-url", description = "Base URL of the repository targets.")
    URI targetBaseUrl;

    @Option(names = "--target-dir", description = "Directory for downloaded targets.")
    Path targetDir;

    TufUpdater updater() {
        if (metadataUrl == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--metadata-url is required");
        }
        return new TufUpdater(metadataDir, metadataUrl, UpdaterConfig.defaults(), Clock.systemUTC());
    }

    @Command(name = "init", description = "Store the initial trusted root (no network access).")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        TufClientCli top;

        @Parameters(index = "0", description = "File with the initial root.json.")
        Path trustedRoot;

        @Override
        public Integer call() throws Exception {
            TufUpdater.init(top.metadataDir, Files.readAllBytes(trustedRoot));
            return 0;
        }
    }

    @Command(name = "refresh", description = "Update top-level metadata following the TUF client workflow.")
    static final class Refresh implements Callable<Integer> {
        @ParentCommand
        TufClientCli top;

        @Override
        public Integer call() {
            top.updater().refresh();
            return 0;
        }
    }

    @Command(name = "download", description = "Refresh, then download and verify one target.")
    static final class Download implements Callable<Integer> {
        @ParentCommand
        TufClientCli top;

        @Override
        public Integer call() {
            if (top.targetName == null || top.targetBaseUrl == null || top.targetDir == null) {
                throw new CommandLine.ParameterException(new CommandLine(top),
                        "download needs --target-name, --target-base-url and --target-dir");
            }
            TufUpdater u = top.updater();
            u.refresh();
            TargetFile t = u.targetInfo(top.targetName);
            u.download(t, top.targetBaseUrl, top.targetDir);
            return 0;
        }
    }

    /** Runs the CLI and returns the exit code (for tests and embedding). */
    public static int run(PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new TufClientCli());
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String msg = ex instanceof TufException ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            cmd.getErr().println("error: " + msg);
            cmd.getErr().flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("usage error: " + ex.getMessage());
            ex.getCommandLine().getErr().flush();
            return 1;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.err, true), args));
    }
}
