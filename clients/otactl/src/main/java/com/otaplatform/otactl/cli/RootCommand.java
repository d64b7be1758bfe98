package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.cli.artifact.ArtifactCommand;
import com.otaplatform.otactl.cli.artifact.PushCommand;
import com.otaplatform.otactl.cli.auth.LoginCommand;
import com.otaplatform.otactl.cli.auth.LogoutCommand;
import com.otaplatform.otactl.cli.auth.WhoamiCommand;
import com.otaplatform.otactl.cli.release.ReleaseCommand;
import com.otaplatform.otactl.cli.rollout.RolloutCommand;
import com.otaplatform.otactl.cli.signing.SigningCommand;
import com.otaplatform.otactl.cli.vehicle.VehicleCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code otactl}: the command line of the OTA platform for release engineers, operators and fleet admins. */
@Command(name = "otactl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Push software artifacts, create releases, drive staged rollouts and register and inspect vehicles on the OTA platform.",
        subcommands = {LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, ConfigCommand.class,
                PushCommand.class, ArtifactCommand.class, ReleaseCommand.class, RolloutCommand.class,
                SigningCommand.class, VehicleCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:ok",
                " 1:unexpected error",
                " 2:usage error",
                " 3:not authenticated (run `otactl login`)",
                " 4:permission denied (a role is missing)",
                " 5:not found",
                " 6:invalid argument (the server names the field)",
                " 7:service or Keycloak unavailable",
                " 8:conflict with the resource's state",
                " 9:awaiting offline signatures (see `otactl signing --help`)"},
        footer = {"%nEnvironment:",
                "  OTACTL_CONFIG_DIR           config and credentials dir (~/.config/otactl)",
                "  OTACTL_ARTIFACT_ENDPOINT    and the other endpoints: override the config file",
                "                              (`otactl config show` lists them)",
                "  OTACTL_CLIENT_ID,           CI: client credentials instead of `otactl login`",
                "  OTACTL_CLIENT_SECRET",
                "  OTACTL_KEY_PASSPHRASE       passphrase of local key files (`otactl signing`)"})
public final class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: run 'otactl --help' to list them.");
    }
}
