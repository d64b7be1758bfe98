package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.Pages;
import com.otaplatform.otactl.output.Formats;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.TextTable;
import com.otaplatform.signing.v1.ListStagedMetadataRequest;
import com.otaplatform.signing.v1.ListStagedMetadataResponse;
import com.otaplatform.signing.v1.StagedMetadata;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otactl signing staged}: the staged root and targets versions, newest first. */
@Command(name = "staged", mixinStandardHelpOptions = true,
        description = {"List staged metadata, newest first: open versions collecting signatures and closed ones (published, superseded,"
                + " overtaken) that housekeeping has not deleted yet, with the releases a targets version signs. Any platform role."})
final class StagedCommand implements Callable<Integer> {
    static final String COLLECTION = "staged/";

    private final CliContext context;

    @Mixin
    OutputOption output;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    StagedCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<StagedMetadata> shown = Pages.read(limit, (size, token) -> {
            ListStagedMetadataResponse page = context.clients().signing().listStagedMetadata(ListStagedMetadataRequest.newBuilder()
                    .setPageSize(size).setPageToken(token).build());
            return new Pages.Page<>(page.getStagedList(), page.getNextPageToken());
        });
        if (output.json()) {
            context.out().println(ProtoJson.array(shown));
        } else if (shown.isEmpty()) {
            context.out().println("No staged metadata.");
        } else {
            TextTable table = new TextTable("NAME", "ROLE", "VERSION", "STATE", "SIGNATURES", "RELEASES", "STAGED");
            for (StagedMetadata md : shown) {
                table.row(md.getName(), RoleOption.of(md.getRole()), String.valueOf(md.getVersion()), state(md),
                        md.getSignatures() + "/" + md.getThreshold() + (md.getPreviousThreshold() > 0
                                ? " (+" + md.getPreviousSignatures() + "/" + md.getPreviousThreshold() + ")" : ""),
                        Formats.orDash(String.join(",", md.getReleasesList())), Formats.time(md.getCreateTime()));
            }
            context.out().print(table.render());
        }
        return 0;
    }

    /** For example "open", or "superseded by staged/...". */
    static String state(StagedMetadata md) {
        String state = Formats.enumName(md.getState(), "STAGED_STATE_").toLowerCase(Locale.ROOT);
        return md.getSupersededBy().isEmpty() ? state : state + " by " + md.getSupersededBy();
    }
}
