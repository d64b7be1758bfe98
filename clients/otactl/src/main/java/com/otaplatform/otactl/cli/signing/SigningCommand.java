package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code otactl signing status|keygen|prepare|fetch|sign|submit|staged|key}. */
@Command(name = "signing", mixinStandardHelpOptions = true,
        description = {"Offline signing of the image repository's root and targets metadata, and its keys.",
                "Root and targets keys never touch the server: `prepare` exports the next version to a file, `sign` signs it"
                        + " with a local key file (no network), `submit` uploads the signatures; the server publishes once every"
                        + " threshold is met.",
                "A release whose targets keys are offline waits in a staged targets version: `fetch` writes it to a file to sign.",
                "`status` shows when each role expires and who must re-sign it."},
        subcommands = {StatusCommand.class, KeygenCommand.class, PrepareCommand.class, FetchCommand.class, SignCommand.class, SubmitCommand.class,
                StagedCommand.class, KeyCommand.class})
public final class SigningCommand extends GroupCommand {
}
