package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.signing.v1.GetStagedMetadataRequest;
import com.otaplatform.signing.v1.StagedMetadata;
import com.otaplatform.signing.v1.StagedState;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactl signing fetch NAME --out FILE}: writes staged metadata that is already on the server to a file to sign. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Write staged metadata (for example the targets version a release waits in) to FILE, as `prepare` does, to be"
                + " signed with `otactl signing sign` and uploaded with `otactl signing submit`. Any platform role."})
final class FetchCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The staged metadata: staged/ID or ID (otactl signing staged lists them).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the metadata to sign.")
    Path out;

    FetchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String staged = name.startsWith(StagedCommand.COLLECTION) ? name : StagedCommand.COLLECTION + name;
        StagedMetadata md = context.clients().signing().getStagedMetadata(GetStagedMetadataRequest.newBuilder().setName(staged).build())
                .getStaged();
        StagedFile.of(md).write(out);
        if (output.json()) {
            context.out().println(ProtoJson.print(md.toBuilder().clearSignedCanonical()));
        } else {
            context.out().println("Wrote " + md.getName() + " (" + RoleOption.of(md.getRole()) + " v" + md.getVersion() + ", "
                    + StagedCommand.state(md) + ", " + md.getSignatures() + " of " + md.getThreshold() + " signature(s)) to " + out + ".");
            if (md.getState() == StagedState.STAGED_STATE_OPEN) {
                context.out().println("Sign it: otactl signing sign " + out + " --key KEYFILE, then: otactl signing submit " + out);
            }
        }
        return 0;
    }
}
