package com.otaplatform.otactl.cli.signing;

import com.google.protobuf.ByteString;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.signing.v1.AddSignatureRequest;
import com.otaplatform.signing.v1.AddSignatureResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code otactl signing submit FILE}: uploads the signatures in a staged file. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Upload every signature in FILE to signing-service. It publishes the metadata (with new snapshot and timestamp)"
                + " once distinct valid keys meet every threshold; until then it says how many are missing.",
                "Needs role fleet-admin (root) or release-engineer (targets)."})
final class SubmitCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "FILE", description = "The file `otactl signing sign` added signatures to.")
    Path file;

    SubmitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StagedFile staged = StagedFile.read(file);
        if (staged.signatures().isEmpty()) {
            throw new CliException(ExitCode.USAGE, file + " holds no signature yet: sign it first with `otactl signing sign " + file
                    + " --key KEYFILE`.");
        }
        AddSignatureResponse progress = null;
        for (Map.Entry<String, String> signature : staged.signatures().entrySet()) {
            progress = context.clients().signing().addSignature(AddSignatureRequest.newBuilder().setName(staged.name())
                    .setKeyId(signature.getKey()).setSignature(ByteString.copyFrom(HexFormat.of().parseHex(signature.getValue()))).build());
            if (progress.getPublished()) {
                break;
            }
        }
        if (output.json()) {
            context.out().println(ProtoJson.print(progress));
        } else {
            context.out().println(staged.name() + ": " + progressLine(progress));
        }
        return 0;
    }

    /** For example "2 of 2 signatures (and 1 of 1 of the trusted root's): published root v2." */
    static String progressLine(AddSignatureResponse progress) {
        String counts = progress.getSignatures() + " of " + progress.getThreshold() + " signature(s)"
                + (progress.getPreviousThreshold() > 0
                ? " (and " + progress.getPreviousSignatures() + " of " + progress.getPreviousThreshold() + " of the trusted root's)" : "");
        String role = RoleOption.of(progress.getRole()) + " v" + progress.getVersion();
        return progress.getPublished() ? counts + ": published " + role + "." : counts + ": " + role + " is not published yet.";
    }
}
