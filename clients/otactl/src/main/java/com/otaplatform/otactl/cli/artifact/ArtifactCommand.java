package com.otaplatform.otactl.cli.artifact;

import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.artifact.v1.ListArtifactsRequest;
import com.otaplatform.artifact.v1.ListArtifactsResponse;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.GroupCommand;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.Pages;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ArtifactText;
import com.otaplatform.otactl.output.ProtoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code otactl artifact list|show|delete}. */
@Command(name = "artifact", mixinStandardHelpOptions = true,
        description = "List, show and delete stored artifacts (push one with `otactl push`).",
        subcommands = {ArtifactCommand.ListArtifacts.class, ArtifactCommand.ShowArtifact.class, DeleteArtifactCommand.class})
public final class ArtifactCommand extends GroupCommand {

    /** {@code otactl artifact list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List artifacts, newest first.")
    static final class ListArtifacts implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Option(names = "--ecu", description = "Only artifacts that fit this ECU.")
        String ecu;

        @Option(names = "--kind", converter = ArtifactKindOption.Converter.class, completionCandidates = ArtifactKindOption.Candidates.class,
                description = "Only artifacts of this kind: firmware, ad-model, configuration.")
        ArtifactKindOption kind;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        ListArtifacts(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ArtifactServiceGrpc.ArtifactServiceBlockingStub stub = context.clients().artifacts();
            List<Artifact> shown = Pages.read(limit, (size, token) -> {
                ListArtifactsRequest.Builder req = ListArtifactsRequest.newBuilder().setPageSize(size).setPageToken(token);
                if (ecu != null) {
                    req.setEcu(ecu);
                }
                if (kind != null) {
                    req.setKind(kind.proto());
                }
                ListArtifactsResponse page = stub.listArtifacts(req.build());
                return new Pages.Page<>(page.getArtifactsList(), page.getNextPageToken());
            });
            if (output.json()) {
                context.out().println(ProtoJson.array(shown));
            } else if (shown.isEmpty()) {
                context.out().println("No artifacts.");
            } else {
                ArtifactText.table(shown, context.out());
            }
            return 0;
        }
    }

    /** {@code otactl artifact show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one artifact with its digests and provenance.")
    static final class ShowArtifact implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "NAME", description = "The artifact: artifacts/ID or ID.")
        String name;

        ShowArtifact(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Artifact a = context.clients().artifacts()
                    .getArtifact(GetArtifactRequest.newBuilder().setName(ResourceNames.artifact(name)).build()).getArtifact();
            if (output.json()) {
                context.out().println(ProtoJson.print(a));
            } else {
                ArtifactText.details(a, context.out());
            }
            return 0;
        }
    }
}
