package com.otaplatform.otactl.cli.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.artifact.v1.ArtifactServiceGrpc;
import com.otaplatform.artifact.v1.CreateReleaseRequest;
import com.otaplatform.artifact.v1.GetReleaseRequest;
import com.otaplatform.artifact.v1.ListReleasesRequest;
import com.otaplatform.artifact.v1.ListReleasesResponse;
import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseArtifact;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.GroupCommand;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.Pages;
import com.otaplatform.otactl.cli.ResourceNames;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.ReleaseText;
import com.otaplatform.signing.v1.SignReleaseRequest;
import com.otaplatform.signing.v1.SignReleaseResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code otactl release create|sign|list|show}. */
@Command(name = "release", mixinStandardHelpOptions = true, description = "Create, sign, list and show releases (immutable sets of artifacts, one per ECU).",
        subcommands = {ReleaseCommand.CreateRelease.class, ReleaseCommand.SignRelease.class, ReleaseCommand.ListReleases.class,
                ReleaseCommand.ShowRelease.class})
public final class ReleaseCommand extends GroupCommand {

    /** {@code otactl release create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a release and sign its images into the image repository. Needs role release-engineer.",
                    "When the targets keys are offline the images wait in a staged targets version: it says what to run"
                            + " (otactl signing fetch|sign|submit) and exits 9; --output json adds \"signing\" (the SignRelease answer)."})
    static final class CreateRelease implements Callable<Integer> {
        private final CliContext context;

        @Spec
        CommandSpec spec;

        @Mixin
        OutputOption output;

        @Option(names = "--name", required = true, paramLabel = "DISPLAY", description = "Unique human-readable name, e.g. adas-2026.11.")
        String displayName;

        @Option(names = "--artifact", required = true, paramLabel = "ECU=ARTIFACT",
                description = "The artifact for one ECU, e.g. adas-main=artifacts/01HX...; repeat for each ECU.")
        Map<String, String> artifacts = new LinkedHashMap<>();

        @Option(names = "--notes", paramLabel = "TEXT", description = "Release notes (Markdown).")
        String notes;

        @Option(names = "--notes-file", paramLabel = "FILE", description = "Read the release notes from this file.")
        Path notesFile;

        @Option(names = "--supersedes", paramLabel = "RELEASE", description = "The release this one supersedes.")
        String supersedes;

        CreateRelease(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            if (notes != null && notesFile != null) {
                throw new ParameterException(spec.commandLine(), "Give --notes or --notes-file, not both.");
            }
            CreateReleaseRequest.Builder req = CreateReleaseRequest.newBuilder().setDisplayName(displayName);
            for (Map.Entry<String, String> e : artifacts.entrySet()) {
                if (e.getKey().isBlank() || e.getValue().isBlank()) {
                    throw new ParameterException(spec.commandLine(), "--artifact needs ECU=ARTIFACT, got '" + e.getKey() + "=" + e.getValue() + "'.");
                }
                req.addArtifacts(ReleaseArtifact.newBuilder().setEcu(e.getKey().trim()).setArtifact(ResourceNames.artifact(e.getValue())));
            }
            if (notesFile != null) {
                if (!Files.isRegularFile(notesFile)) {
                    throw new ParameterException(spec.commandLine(), "--notes-file " + notesFile + " does not exist.");
                }
                req.setNotes(Files.readString(notesFile, StandardCharsets.UTF_8));
            } else if (notes != null) {
                req.setNotes(notes);
            }
            if (supersedes != null) {
                req.setSupersedes(ResourceNames.release(supersedes));
            }
            Release release = context.clients().artifacts().createRelease(req.build()).getRelease();
            if (!output.json()) {
                context.out().println("Created " + release.getName() + " (" + release.getDisplayName() + ").");
                context.out().flush();
            }
            SignReleaseResponse signed;
            try {
                signed = signRelease(context, release.getName());
            } catch (RuntimeException e) {
                context.err().println("The release exists but is not signed yet; retry with: otactl release sign " + release.getName());
                context.err().flush();
                throw e;
            }
            Release current = context.clients().artifacts()
                    .getRelease(GetReleaseRequest.newBuilder().setName(release.getName()).build()).getRelease();
            if (output.json() && signed.getAwaitingSignatures()) {
                ObjectNode json = (ObjectNode) ProtoJson.tree(current);
                json.set("signing", ProtoJson.tree(signed));
                context.out().println(ProtoJson.write(json));
            } else if (output.json()) {
                context.out().println(ProtoJson.print(current));
            } else {
                context.out().println(signedLine(current.getName(), signed));
                ReleaseText.details(current, context.out());
            }
            return exitCode(signed);
        }
    }

    static int exitCode(SignReleaseResponse signed) {
        return signed.getAwaitingSignatures() ? ExitCode.AWAITING_SIGNATURES : ExitCode.OK;
    }

    static SignReleaseResponse signRelease(CliContext context, String release) {
        return context.clients().signing().signRelease(SignReleaseRequest.newBuilder().setRelease(release).build());
    }

    static String signedLine(String release, SignReleaseResponse signed) {
        if (signed.getAwaitingSignatures()) {
            String file = "targets-v" + signed.getStagedVersion() + ".json";
            return release + " awaits offline signatures: its targets are staged as targets v" + signed.getStagedVersion() + " ("
                    + signed.getStagedName() + "), " + signed.getSignatures() + " of " + signed.getThreshold()
                    + " signature(s) so far, from keys " + String.join(", ", signed.getKeyIdsList()) + ".\n"
                    + "Next, with the targets key files (on their offline machines):\n"
                    + "  otactl signing fetch " + signed.getStagedName() + " --out " + file + "\n"
                    + "  otactl signing sign " + file + " --key KEYFILE      # once per key holder\n"
                    + "  otactl signing submit " + file + "\n"
                    + "It is published, and the release signed, once " + signed.getThreshold() + " distinct keys have signed.";
        }
        return "Signed " + release + " into the image repository: targets v" + signed.getTargetsVersion() + " (snapshot v"
                + signed.getSnapshotVersion() + ", timestamp v" + signed.getTimestampVersion() + ").";
    }

    /** {@code otactl release sign NAME}. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Sign a release's images into the image repository (release create does this; use it to retry)."
                    + " Signing a signed release again changes nothing. Needs role release-engineer.",
                    "When the targets keys are offline it says which staged targets version the release waits in and what to run,"
                            + " and exits 9."})
    static final class SignRelease implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "NAME", description = "The release: releases/ID or ID.")
        String name;

        SignRelease(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String release = ResourceNames.release(name);
            SignReleaseResponse signed = signRelease(context, release);
            if (output.json()) {
                context.out().println(ProtoJson.print(signed));
            } else {
                context.out().println(signedLine(release, signed));
            }
            return exitCode(signed);
        }
    }

    /** {@code otactl release list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List releases, newest first.")
    static final class ListReleases implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        ListReleases(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ArtifactServiceGrpc.ArtifactServiceBlockingStub stub = context.clients().artifacts();
            List<Release> shown = Pages.read(limit, (size, token) -> {
                ListReleasesResponse page = stub.listReleases(ListReleasesRequest.newBuilder().setPageSize(size).setPageToken(token).build());
                return new Pages.Page<>(page.getReleasesList(), page.getNextPageToken());
            });
            if (output.json()) {
                context.out().println(ProtoJson.array(shown));
            } else if (shown.isEmpty()) {
                context.out().println("No releases.");
            } else {
                ReleaseText.table(shown, context.out());
            }
            return 0;
        }
    }

    /** {@code otactl release show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one release with its artifacts.")
    static final class ShowRelease implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "NAME", description = "The release: releases/ID or ID.")
        String name;

        ShowRelease(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Release release = context.clients().artifacts()
                    .getRelease(GetReleaseRequest.newBuilder().setName(ResourceNames.release(name)).build()).getRelease();
            if (output.json()) {
                context.out().println(ProtoJson.print(release));
            } else {
                ReleaseText.details(release, context.out());
            }
            return 0;
        }
    }
}
