package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import com.otaplatform.tuf.crypto.PublicKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otactl signing keygen}: a new key pair in a local encrypted key file, never sent anywhere. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generate a signing key into a local key file (PKCS#8 PEM, encrypted with OTACTL_KEY_PASSPHRASE, mode 600) and"
                + " its public half into FILE.pub. No network.",
                "Then register the public half: otactl signing key create --storage offline --public-key FILE.pub --role root"})
final class KeygenCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The key file to write (must not exist).")
    Path out;

    @Option(names = "--scheme", defaultValue = "ed25519", paramLabel = "SCHEME",
            description = "ed25519 or ecdsa-p256 (default: ${DEFAULT-VALUE}).")
    String scheme;

    KeygenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Path publicFile = Path.of(out + ".pub");
        if (Files.exists(out) || Files.exists(publicFile)) {
            throw new CliException(ExitCode.USAGE, out + " or " + publicFile + " already exists: choose another --out.");
        }
        KeyPair pair = switch (scheme) {
            case "ed25519" -> KeyPairs.ed25519KeyPair();
            case "ecdsa-p256" -> KeyPairs.ecdsaP256KeyPair();
            default -> throw new CliException(ExitCode.USAGE, "--scheme must be ed25519 or ecdsa-p256, not '" + scheme + "'.");
        };
        char[] passphrase = KeyPassphrase.read(context, "the new key file " + out);
        if (passphrase.length < KeyPassphrase.MIN_LENGTH) {
            throw new CliException(ExitCode.USAGE, "The key passphrase must have at least " + KeyPassphrase.MIN_LENGTH + " characters.");
        }
        PrivateKeyFiles.save(out, pair.getPrivate(), passphrase);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(publicFile, pem, StandardCharsets.US_ASCII);
        String keyId = PublicKeys.toTufKey(pair.getPublic()).keyId();
        if (output.json()) {
            Map<String, String> json = new LinkedHashMap<>();
            json.put("keyId", keyId);
            json.put("scheme", scheme);
            json.put("keyFile", out.toString());
            json.put("publicKeyFile", publicFile.toString());
            json.put("publicKeyPem", pem);
            context.out().println(ProtoJson.write(json));
        } else {
            context.out().println("Key " + keyId + " (" + scheme + ") written to " + out + ", its public half to " + publicFile + ".");
            context.out().println("Register it: otactl signing key create --storage offline --public-key " + publicFile + " --role ROLE");
        }
        return 0;
    }
}
