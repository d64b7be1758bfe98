package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactl signing sign FILE --key KEYFILE}: signs staged metadata with a local key, offline. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign the metadata in FILE (from `otactl signing prepare`) with a local key file and add the signature to FILE."
                + " No network: run it on the offline machine that holds the key, then `otactl signing submit FILE`.",
                "Refuses a FILE whose readable \"signed\" object differs from the bytes to sign, and a key that does not count."})
final class SignCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "FILE", description = "The file `otactl signing prepare` wrote.")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "The key file (from `otactl signing keygen`).")
    Path keyFile;

    SignCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        StagedFile staged = StagedFile.read(file);
        if (!Files.isRegularFile(keyFile)) {
            throw new CliException(ExitCode.USAGE, "Key file " + keyFile + " does not exist.");
        }
        LocalSigner signer;
        try {
            signer = PrivateKeyFiles.loadSigner(keyFile, KeyPassphrase.read(context, keyFile.toString()));
        } catch (TufException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage() + " (the passphrase comes from " + KeyPassphrase.ENV + ").");
        }
        if (!staged.counts(signer.keyId())) {
            throw new CliException(ExitCode.INVALID_ARGUMENT, "Key " + signer.keyId() + " does not count for " + staged.name() + ": it needs "
                    + staged.threshold() + " of " + staged.keyIds() + (staged.previousThreshold() > 0
                    ? " and " + staged.previousThreshold() + " of " + staged.previousKeyIds() : "") + ".");
        }
        String signature = HexFormat.of().formatHex(signer.sign(staged.signedCanonical()));
        StagedFile signed = staged.withSignature(signer.keyId(), signature);
        signed.write(file);
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", staged.name());
            json.put("keyId", signer.keyId());
            json.put("signatures", signed.signatures().size());
            context.out().println(ProtoJson.write(json));
        } else {
            context.out().println("Signed " + staged.name() + " (" + RoleOption.of(staged.role()) + " v" + staged.version() + ") with key "
                    + signer.keyId() + "; " + file + " holds " + signed.signatures().size() + " signature(s).");
        }
        return 0;
    }
}
