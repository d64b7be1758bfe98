package com.otaplatform.otactl.cli.artifact;

import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.artifact.v1.BuildProvenance;
import com.otaplatform.artifact.v1.CreateUploadRequest;
import com.otaplatform.artifact.v1.GetArtifactRequest;
import com.otaplatform.artifact.v1.GetUploadRequest;
import com.otaplatform.artifact.v1.Upload;
import com.otaplatform.artifact.v1.UploadState;
import com.otaplatform.artifact.v1.WriteUploadResponse;
import com.otaplatform.common.v1.EcuSelector;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.grpc.ServiceClients;
import com.otaplatform.otactl.output.Formats;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.upload.FileHashes;
import com.otaplatform.otactl.upload.ProgressBarListener;
import com.otaplatform.otactl.upload.ResumeStates;
import com.otaplatform.otactl.upload.StreamingUploader;
import com.otaplatform.otactl.upload.UploadListener;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code otactl push FILE ...}: uploads an artifact as a resumable, flow-controlled stream. */
@Command(name = "push",
        description = {"Upload a software artifact (firmware image, AD model, configuration bundle) of any size.",
                "The file is streamed in 128 KiB chunks as fast as the connection takes them; a broken stream is resumed "
                        + "from the offset the server committed. Interrupted (Ctrl-C)? Run the same push again: it continues "
                        + "the upload it left (the file's path, size and modification time are the key). Needs role release-engineer."})
public final class PushCommand implements Callable<Integer> {
    /** Semantic Versioning 2.0.0. */
    static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    private final CliContext context;

    @Spec
    CommandSpec spec;

    // Only --help: --version names the artifact's version here, so picocli's standard -V/--version is left out.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Option(names = "--kind", required = true, converter = ArtifactKindOption.Converter.class,
            completionCandidates = ArtifactKindOption.Candidates.class, description = "firmware, ad-model or configuration.")
    ArtifactKindOption kind;

    @Option(names = "--ecu", required = true, description = "ECU the artifact is for, for example adas-main.")
    String ecu;

    @Option(names = "--hw", required = true, paramLabel = "HWID", description = "Hardware id of that ECU, for example adas-v3.")
    String hardwareId;

    @Option(names = "--version", required = true, paramLabel = "SEMVER", description = "Semantic version, for example 2.4.1.")
    String version;

    @Option(names = "--release-counter", paramLabel = "N", defaultValue = "0",
            description = "Monotonic release counter for rollback protection (default: ${DEFAULT-VALUE}).")
    long releaseCounter;

    @Option(names = "--file-name", description = "File name to record (default: the file's own name).")
    String fileName;

    @Option(names = "--ci-job", paramLabel = "X", description = "CI job or pipeline that built it.")
    String ciJob;

    @Option(names = "--commit", paramLabel = "X", description = "Source revision it was built from.")
    String commit;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label; repeatable.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--verify-hash", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Hash the file first (one extra read) and declare its SHA-256, so the server refuses any other bytes"
                    + " and stores the parts at the blob's own key (no copy at the end). On by default; --no-verify-hash skips the read.")
    boolean verifyHash;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only when stderr is a terminal anyway).")
    boolean noProgress;

    @Option(names = "--max-resumes", defaultValue = "5", description = "How often a broken stream is resumed (default: ${DEFAULT-VALUE}).")
    int maxResumes;

    @Option(names = "--chunk-size", hidden = true, defaultValue = "131072", description = "Chunk size in bytes (at most 4 MiB).")
    int chunkSize;

    PushCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        ArtifactSpec artifactSpec = spec();
        ServiceClients clients = context.clients();
        ResumeStates states = new ResumeStates(context.config().dir());
        Upload upload = earlierUpload(states, artifactSpec, clients);
        if (upload != null && upload.getState() == UploadState.UPLOAD_STATE_COMMITTED) {
            states.forget(file);
            print(clients.artifacts().getArtifact(GetArtifactRequest.newBuilder().setName(upload.getArtifact()).build()).getArtifact());
            return 0;
        }
        if (upload == null) {
            upload = createUpload(artifactSpec, clients);
            states.save(file, artifactSpec, upload.getName());
        }
        StreamingUploader uploader = new StreamingUploader(clients.artifactsAsync(), clients::artifacts, chunkSize, maxResumes,
                StreamingUploader.defaultBackoff());
        WriteUploadResponse response;
        try (UploadListener listener = listener(upload)) {
            response = uploader.upload(upload, file, listener);
        }
        states.forget(file);
        print(response.getArtifact());
        return 0;
    }

    /** The open (or just committed) upload an earlier run of the same push left, or null to start a new one. */
    private Upload earlierUpload(ResumeStates states, ArtifactSpec artifactSpec, ServiceClients clients) {
        String name = states.find(file, artifactSpec).orElse(null);
        if (name == null) {
            return null;
        }
        Upload upload;
        try {
            upload = clients.artifacts().getUpload(GetUploadRequest.newBuilder().setName(name).build()).getUpload();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            states.forget(file);
            return null;
        }
        if (upload.getState() == UploadState.UPLOAD_STATE_OPEN) {
            if (!output.json()) {
                context.err().println("Resuming " + name + " from an earlier run at byte " + upload.getCommittedOffset() + " of "
                        + upload.getDeclaredLength() + ".");
            }
            return upload;
        }
        if (upload.getState() == UploadState.UPLOAD_STATE_COMMITTED) {
            return upload;
        }
        states.forget(file);
        return null;
    }

    private Upload createUpload(ArtifactSpec artifactSpec, ServiceClients clients) throws java.io.IOException {
        long length = Files.size(file);
        CreateUploadRequest.Builder create = CreateUploadRequest.newBuilder().setSpec(artifactSpec).setDeclaredLength(length);
        if (verifyHash) {
            if (!output.json()) {
                context.err().println("Hashing " + file + " (" + Formats.bytes(length) + ")...");
            }
            create.setDeclaredSha256(FileHashes.sha256(file));
        }
        return clients.artifacts().createUpload(create.build()).getUpload();
    }

    private void validate() {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "FILE " + file + " does not exist or is not a regular file.");
        }
        if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "FILE " + file + " is not readable.");
        }
        if (!SEMVER.matcher(version).matches()) {
            throw new ParameterException(spec.commandLine(), "--version '" + version + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 2.4.1).");
        }
        if (chunkSize <= 0 || chunkSize > 4 * 1024 * 1024) {
            throw new ParameterException(spec.commandLine(), "--chunk-size must be 1 .. 4194304 bytes.");
        }
        if (releaseCounter < 0) {
            throw new ParameterException(spec.commandLine(), "--release-counter must not be negative.");
        }
    }

    private ArtifactSpec spec() {
        BuildProvenance.Builder provenance = BuildProvenance.newBuilder();
        if (ciJob != null) {
            provenance.setCiJob(ciJob);
        }
        if (commit != null) {
            provenance.setCommit(commit);
        }
        return ArtifactSpec.newBuilder()
                .setKind(kind.proto())
                .addTargets(EcuSelector.newBuilder().setEcu(ecu).setHardwareId(hardwareId))
                .setVersion(version)
                .setFileName(fileName != null ? fileName : file.getFileName().toString())
                .setReleaseCounter(releaseCounter)
                .setProvenance(provenance)
                .putAllLabels(labels)
                .build();
    }

    private UploadListener listener(Upload upload) {
        PrintWriter err = context.err();
        UploadListener bar = !noProgress && context.stderrIsTerminal()
                ? new ProgressBarListener(file.getFileName().toString(), context.errStream()) : UploadListener.NONE;
        return new UploadListener() {
            @Override
            public void started(long offset, long total) {
                bar.started(offset, total);
            }

            @Override
            public void progressed(long position) {
                bar.progressed(position);
            }

            @Override
            public void resuming(long committedOffset, int attempt, Throwable cause) {
                bar.resuming(committedOffset, attempt, cause);
                err.println("otactl: the upload stream of " + upload.getName() + " broke (" + cause.getMessage() + "); resuming at byte "
                        + committedOffset + " (attempt " + attempt + " of " + maxResumes + ")");
                err.flush();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    private void print(Artifact artifact) {
        PrintWriter out = context.out();
        if (output.json()) {
            out.println(ProtoJson.print(artifact));
        } else {
            out.println("artifact: " + artifact.getName());
            out.println("sha256:   " + artifact.getDigests().getSha256());
            out.println("length:   " + artifact.getDigests().getLength() + " (" + Formats.bytes(artifact.getDigests().getLength()) + ")");
        }
        out.flush();
    }
}
