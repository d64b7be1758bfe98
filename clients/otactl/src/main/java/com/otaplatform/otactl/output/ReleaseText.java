package com.otaplatform.otactl.output;

import com.otaplatform.artifact.v1.Release;
import com.otaplatform.artifact.v1.ReleaseArtifact;

import java.io.PrintWriter;
import java.util.List;

/** Releases as text. */
public final class ReleaseText {
    private ReleaseText() {
    }

    public static String state(Release r) {
        return Formats.enumName(r.getState(), "RELEASE_STATE_");
    }

    public static void details(Release r, PrintWriter out) {
        out.println("name:         " + r.getName());
        out.println("display name: " + r.getDisplayName());
        out.println("state:        " + state(r));
        out.println("supersedes:   " + Formats.orDash(r.getSupersedes()));
        out.println("created by:   " + Formats.orDash(r.getCreatedBy()));
        out.println("created:      " + Formats.time(r.getCreateTime()));
        out.println("artifacts:");
        TextTable t = new TextTable("  ECU", "ARTIFACT", "VERSION", "SIZE", "SHA256");
        for (ReleaseArtifact a : r.getArtifactsList()) {
            boolean details = a.hasDetails();
            t.row("  " + a.getEcu(), a.getArtifact(), details ? a.getDetails().getSpec().getVersion() : "-",
                    details ? Formats.bytes(a.getDetails().getDigests().getLength()) : "-",
                    details ? Formats.shortHash(a.getDetails().getDigests().getSha256(), 12) : "-");
        }
        t.print(out);
        if (!r.getNotes().isBlank()) {
            out.println("notes:");
            r.getNotes().lines().forEach(l -> out.println("  " + l));
        }
        out.flush();
    }

    public static void table(List<Release> releases, PrintWriter out) {
        TextTable t = new TextTable("NAME", "DISPLAY NAME", "STATE", "ECUS", "CREATED BY", "CREATED");
        for (Release r : releases) {
            t.row(r.getName(), r.getDisplayName(), state(r), r.getArtifactsCount(), Formats.orDash(r.getCreatedBy()), Formats.time(r.getCreateTime()));
        }
        t.print(out);
    }
}
