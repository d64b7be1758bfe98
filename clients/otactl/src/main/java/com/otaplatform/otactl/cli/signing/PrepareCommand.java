package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.signing.v1.PrepareRoleMetadataRequest;
import com.otaplatform.signing.v1.PrepareRoleMetadataResponse;
import com.otaplatform.signing.v1.RoleKeys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code otactl signing prepare}: stages the next root or targets version and writes it to a file to sign. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Stage the next version of root or targets on signing-service and write it to FILE, to be signed offline with"
                + " `otactl signing sign` and uploaded with `otactl signing submit`.",
                "The server signs with the online keys it holds at once; if they meet every threshold it publishes right away.",
                "Root: roles not named with --keys keep their threshold and get the keys registered for them (revoked keys left out).",
                "Needs role fleet-admin (root) or release-engineer (targets)."})
final class PrepareCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "root or targets.")
    RoleOption role;

    @Option(names = "--keys", paramLabel = "ROLE=KEY_ID[,KEY_ID...]",
            description = "Root only: the key ids of a role in the new root, e.g. --keys root=ab12...,cd34...; repeat per role.")
    Map<RoleOption, String> keys = new LinkedHashMap<>();

    @Option(names = "--threshold", paramLabel = "ROLE=N", description = "Root only: the signatures a role needs, e.g. --threshold root=2.")
    Map<RoleOption, Integer> thresholds = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the metadata to sign.")
    Path out;

    PrepareCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrepareRoleMetadataRequest.Builder request = PrepareRoleMetadataRequest.newBuilder().setRole(role.proto());
        for (RoleOption named : RoleOption.values()) {
            if (!keys.containsKey(named) && !thresholds.containsKey(named)) {
                continue;
            }
            if (!thresholds.containsKey(named)) {
                throw new ParameterException(spec.commandLine(), "--keys " + named + "=... needs --threshold " + named + "=N too.");
            }
            RoleKeys.Builder roleKeys = RoleKeys.newBuilder().setRole(named.proto()).setThreshold(thresholds.get(named));
            if (keys.containsKey(named)) {
                roleKeys.addAllKeyIds(List.of(keys.get(named).split(",")));
            }
            request.addRoleKeys(roleKeys);
        }
        PrepareRoleMetadataResponse staged = context.clients().signing().prepareRoleMetadata(request.build());
        StagedFile.of(staged, role.proto()).write(out);
        if (output.json()) {
            context.out().println(ProtoJson.print(staged.toBuilder().clearSignedCanonical()));
        } else {
            context.out().println("Staged " + role + " v" + staged.getVersion() + " as " + staged.getName() + ", written to " + out + ".");
            context.out().println(SubmitCommand.progressLine(staged.getProgress()));
            if (!staged.getProgress().getPublished()) {
                context.out().println("Sign it: otactl signing sign " + out + " --key KEYFILE, then: otactl signing submit " + out);
            }
        }
        return 0;
    }
}
