package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.GroupCommand;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.cli.Pages;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.Formats;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.TextTable;
import com.otaplatform.signing.v1.CreateKeyRequest;
import com.otaplatform.signing.v1.Key;
import com.otaplatform.signing.v1.KeyScheme;
import com.otaplatform.signing.v1.KeyStorage;
import com.otaplatform.signing.v1.ListKeysRequest;
import com.otaplatform.signing.v1.ListKeysResponse;
import com.otaplatform.signing.v1.RevokeKeyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactl signing key create|list|revoke}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Create, list and revoke the image repository's keys.",
        subcommands = {KeyCommand.CreateKey.class, KeyCommand.ListKeys.class, KeyCommand.RevokeKey.class})
public final class KeyCommand extends GroupCommand {

    /** {@code otactl signing key create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a key for roles: an online key the server generates and keeps encrypted (--storage encrypted), or"
                    + " register the public half of an offline key (--storage offline --public-key FILE.pub from `keygen`).",
                    "It signs from the next root version (`otactl signing prepare --role root`). Needs role fleet-admin."})
    static final class CreateKey implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Option(names = "--storage", required = true, paramLabel = "STORAGE", description = "encrypted or offline.")
        String storage;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "A role it signs for: root, targets, snapshot,"
                + " timestamp; repeat for several.")
        List<RoleOption> roles = new ArrayList<>();

        @Option(names = "--public-key", paramLabel = "FILE", description = "Offline keys: the PEM public key file.")
        Path publicKey;

        @Option(names = "--scheme", paramLabel = "SCHEME", description = "Encrypted keys: ed25519 (default) or ecdsa-p256;"
                + " offline keys: read from the public key.")
        String scheme;

        CreateKey(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            CreateKeyRequest.Builder request = CreateKeyRequest.newBuilder();
            roles.forEach(role -> request.addRoles(role.proto()));
            switch (storage) {
                case "encrypted" -> request.setStorage(KeyStorage.KEY_STORAGE_ENCRYPTED).setScheme(scheme(scheme == null ? "ed25519" : scheme));
                case "offline" -> {
                    if (publicKey == null || !Files.isRegularFile(publicKey)) {
                        throw new CliException(ExitCode.USAGE, "--storage offline needs --public-key FILE (the FILE.pub `otactl signing keygen` wrote).");
                    }
                    String pem = Files.readString(publicKey, StandardCharsets.US_ASCII);
                    request.setStorage(KeyStorage.KEY_STORAGE_OFFLINE).setPublicKeyPem(pem).setScheme(scheme(schemeOf(pem)));
                }
                default -> throw new CliException(ExitCode.USAGE, "--storage must be encrypted or offline, not '" + storage + "'.");
            }
            Key key = context.clients().signing().createKey(request.build()).getKey();
            context.out().println(output.json() ? ProtoJson.print(key) : "Created key " + key.getKeyId() + " for " + roles(key)
                    + "; it signs from the next root version (otactl signing prepare --role root).");
            return 0;
        }

        private static KeyScheme scheme(String name) {
            return switch (name) {
                case "ed25519" -> KeyScheme.KEY_SCHEME_ED25519;
                case "ecdsa-p256" -> KeyScheme.KEY_SCHEME_ECDSA_P256;
                default -> throw new CliException(ExitCode.USAGE, "--scheme must be ed25519 or ecdsa-p256, not '" + name + "'.");
            };
        }

        /** An Ed25519 SubjectPublicKeyInfo is this prefix (OID 1.3.101.112) and 32 bytes; anything else is sent as ECDSA P-256. */
        private static final String ED25519_SPKI_PREFIX = "302a300506032b6570032100";

        private static String schemeOf(String pem) {
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            try {
                String der = java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(body));
                return der.length() == 88 && der.startsWith(ED25519_SPKI_PREFIX) ? "ed25519" : "ecdsa-p256";
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "The --public-key file is not a PEM public key.");
            }
        }
    }

    /** {@code otactl signing key list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys: scheme, where the private half is, roles, revocation.")
    static final class ListKeys implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        ListKeys(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<Key> all = all(context);
            if (output.json()) {
                context.out().println(ProtoJson.array(all));
                return 0;
            }
            TextTable table = new TextTable("KEY ID", "SCHEME", "STORAGE", "ROLES", "REVOKED");
            for (Key key : all) {
                table.row(key.getKeyId(), Formats.enumName(key.getScheme(), "KEY_SCHEME_"), Formats.enumName(key.getStorage(), "KEY_STORAGE_"),
                        Formats.orDash(roles(key)), key.hasRevokeTime() ? Formats.time(key.getRevokeTime()) : "-");
            }
            context.out().print(table.render());
            return 0;
        }
    }

    /** {@code otactl signing key revoke KEY_ID --reason TEXT}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a key: at once it signs nothing and its signatures stop counting; the next root version leaves it out"
                    + " (otactl signing prepare --role root). Needs role fleet-admin."})
    static final class RevokeKey implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        @Parameters(paramLabel = "KEY_ID", description = "The key id (64 hex characters).")
        String keyId;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit trail.")
        String reason;

        RevokeKey(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Key key = context.clients().signing().revokeKey(RevokeKeyRequest.newBuilder().setKeyId(keyId).setReason(reason).build()).getKey();
            context.out().println(output.json() ? ProtoJson.print(key) : "Revoked key " + key.getKeyId() + " at "
                    + Formats.time(key.getRevokeTime()) + "; prepare the next root version to leave it out: otactl signing prepare --role root");
            return 0;
        }
    }

    /** Every key of the repositories, revoked ones too. */
    static List<Key> all(CliContext context) {
        return Pages.all((size, token) -> {
            ListKeysResponse page = context.clients().signing().listKeys(ListKeysRequest.newBuilder().setPageSize(size).setPageToken(token).build());
            return new Pages.Page<>(page.getKeysList(), page.getNextPageToken());
        });
    }

    static String roles(Key key) {
        return key.getRolesList().stream().map(RoleOption::of).collect(Collectors.joining(","));
    }
}
