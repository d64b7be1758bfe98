package com.otaplatform.otactl.output;

import com.otaplatform.artifact.v1.Artifact;
import com.otaplatform.artifact.v1.ArtifactSpec;
import com.otaplatform.common.v1.EcuSelector;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Artifacts as text. */
public final class ArtifactText {
    private ArtifactText() {
    }

    public static String kind(ArtifactSpec spec) {
        return Formats.enumName(spec.getKind(), "ARTIFACT_KIND_").toLowerCase().replace('_', '-');
    }

    public static String targets(ArtifactSpec spec) {
        return spec.getTargetsList().stream().map(ArtifactText::target).collect(Collectors.joining(","));
    }

    private static String target(EcuSelector s) {
        return s.getEcu() + "/" + s.getHardwareId();
    }

    public static void details(Artifact a, PrintWriter out) {
        ArtifactSpec spec = a.getSpec();
        out.println("name:            " + a.getName());
        out.println("kind:            " + kind(spec));
        out.println("targets:         " + targets(spec));
        out.println("version:         " + spec.getVersion());
        out.println("file name:       " + Formats.orDash(spec.getFileName()));
        out.println("release counter: " + spec.getReleaseCounter());
        out.println("length:          " + a.getDigests().getLength() + " (" + Formats.bytes(a.getDigests().getLength()) + ")");
        out.println("sha256:          " + Formats.orDash(a.getDigests().getSha256()));
        out.println("sha512:          " + Formats.orDash(a.getDigests().getSha512()));
        out.println("ci job:          " + Formats.orDash(spec.getProvenance().getCiJob()));
        out.println("commit:          " + Formats.orDash(spec.getProvenance().getCommit()));
        out.println("uploaded by:     " + Formats.orDash(spec.getProvenance().getUploadedBy()));
        out.println("created:         " + Formats.time(a.getCreateTime()));
        if (!spec.getLabelsMap().isEmpty()) {
            out.println("labels:          " + spec.getLabelsMap().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        out.flush();
    }

    public static void table(List<Artifact> artifacts, PrintWriter out) {
        TextTable t = new TextTable("NAME", "KIND", "TARGETS", "VERSION", "SIZE", "SHA256", "CREATED");
        for (Artifact a : artifacts) {
            t.row(a.getName(), kind(a.getSpec()), targets(a.getSpec()), a.getSpec().getVersion(),
                    Formats.bytes(a.getDigests().getLength()), Formats.shortHash(a.getDigests().getSha256(), 12), Formats.time(a.getCreateTime()));
        }
        t.print(out);
    }
}
