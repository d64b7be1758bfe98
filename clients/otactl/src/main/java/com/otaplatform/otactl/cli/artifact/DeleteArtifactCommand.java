package com.otaplatform.otactl.cli.artifact;

import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.DeleteArtifactRequest;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.output.ProtoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code otactl artifact delete NAME}: deletes an artifact that no release uses. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete an artifact that no release uses; its bytes are deleted too unless another artifact has the same bytes.",
                "An artifact in a release cannot be deleted (exit code 8, naming the releases). Needs role release-engineer."})
final class DeleteArtifactCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The artifact: artifacts/ID or ID.")
    String name;

    DeleteArtifactCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ArtifactServiceGrpc.ArtifactServiceBlockingStub stub = context.clients().artifacts();
        String artifactName = ResourceNames.artifact(name);
        // Read first, so that the output can say what was deleted.
        Artifact artifact = stub.getArtifact(GetArtifactRequest.newBuilder().setName(artifactName).build()).getArtifact();
        stub.deleteArtifact(DeleteArtifactRequest.newBuilder().setName(artifactName).build());
        if (output.json()) {
            context.out().println(ProtoJson.print(artifact));
        } else {
            context.out().println("Deleted " + artifact.getName() + " (" + artifact.getSpec().getFileName() + " "
                    + artifact.getSpec().getVersion() + ", sha256 " + artifact.getDigests().getSha256() + ").");
        }
        return 0;
    }
}
