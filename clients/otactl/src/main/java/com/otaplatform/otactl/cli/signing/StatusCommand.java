package com.otaplatform.otactl.cli.signing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.rollout.DurationConverter;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.Formats;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.TextTable;
import com.otaplatform.signing.v1.GetRoleMetadataRequest;
import com.otaplatform.signing.v1.GetRoleMetadataResponse;
import com.otaplatform.signing.v1.Key;
import com.otaplatform.signing.v1.KeyStorage;
import com.otaplatform.tuf.model.Role;
import com.otaplatform.tuf.model.RootMetadata;
import com.otaplatform.tuf.model.SignedMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otactl signing status}: each role's version and expiry, who re-signs it, and what needs offline signers soon. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each role of the image repository: its version, when it expires, and who signs its next version: the"
                + " server by itself (targets, snapshot and timestamp whose online keys meet the threshold), or people (root, and roles"
                + " whose keys are offline).",
                "Exits 9 when a role has expired, or expires within --warn and only people can re-sign it, and prints what to run."
                        + " Any platform role; fit for a daily job."})
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Option(names = "--warn", defaultValue = "14d", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Warn about metadata only people can re-sign that expires within this long (default: ${DEFAULT-VALUE}).")
    Duration warn;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Instant now = context.clock().instant();
        List<RoleStatus> roles = statuses();
        List<RoleStatus> attention = roles.stream().filter(r -> r.needsAttention(now, warn)).toList();
        if (output.json()) {
            ArrayNode json = ProtoJson.MAPPER.createArrayNode();
            for (RoleStatus r : roles) {
                ObjectNode role = json.addObject().put("role", r.role().name()).put("version", r.version())
                        .put("expireTime", r.expires().toString()).put("threshold", r.threshold()).put("onlineKeys", r.onlineKeys())
                        .put("resignedByServer", r.resignedByServer()).put("needsAttention", r.needsAttention(now, warn));
                if (r.needsAttention(now, warn)) {
                    role.put("action", r.action());
                }
            }
            context.out().println(json.toPrettyString());
        } else {
            TextTable table = new TextTable("ROLE", "VERSION", "EXPIRES", "IN", "NEXT VERSION SIGNED BY");
            for (RoleStatus r : roles) {
                table.row(r.role().name(), String.valueOf(r.version()), Formats.time(r.expires()), left(Duration.between(now, r.expires())),
                        r.signedBy());
            }
            context.out().print(table.render());
            for (RoleStatus r : attention) {
                context.out().println((r.expires().isAfter(now) ? r.role() + " expires in " + left(Duration.between(now, r.expires()))
                        : r.role() + " has EXPIRED: vehicles refuse updates") + ". Next: " + r.action() + ".");
            }
        }
        return attention.isEmpty() ? ExitCode.OK : ExitCode.AWAITING_SIGNATURES;
    }

    /** Every role, read from the current metadata: root names each role's keys and threshold, the keys list says which are online. */
    private List<RoleStatus> statuses() {
        Set<String> online = KeyCommand.all(context).stream()
                .filter(key -> key.getStorage() != KeyStorage.KEY_STORAGE_OFFLINE && !key.hasRevokeTime())
                .map(Key::getKeyId).collect(Collectors.toSet());
        Map<RoleOption, GetRoleMetadataResponse> current = new EnumMap<>(RoleOption.class);
        for (RoleOption role : RoleOption.values()) {
            current.put(role, context.clients().signing().getRoleMetadata(GetRoleMetadataRequest.newBuilder().setRole(role.proto()).build()));
        }
        RootMetadata root = RootMetadata.from(SignedMetadata.parse(current.get(RoleOption.root).getMetadata().toByteArray()));
        List<RoleStatus> statuses = new ArrayList<>();
        current.forEach((role, metadata) -> {
            Role keys = root.role(role.name());
            statuses.add(new RoleStatus(role, metadata.getVersion(), Instant.ofEpochSecond(metadata.getExpireTime().getSeconds(),
                    metadata.getExpireTime().getNanos()), keys.threshold(), (int) keys.keyIds().stream().filter(online::contains).count()));
        });
        return statuses;
    }

    /** "89d", "5h", "EXPIRED". */
    private static String left(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "EXPIRED";
        }
        return d.toDays() > 0 ? d.toDays() + "d" : d.toHours() > 0 ? d.toHours() + "h" : d.toMinutes() + "m";
    }
}
