package com.otaplatform.otactl.cli.signing;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;

/** The passphrase of local key files: {@code OTACTL_KEY_PASSPHRASE}, else asked on the terminal. */
final class KeyPassphrase {
    static final String ENV = "OTACTL_KEY_PASSPHRASE";
    /** As on the server: shorter passphrases make the encrypted key file guessable. */
    static final int MIN_LENGTH = 16;

    private KeyPassphrase() {
    }

    static char[] read(CliContext context, String purpose) {
        String fromEnv = context.env().get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        if (System.console() == null) {
            throw new CliException(ExitCode.USAGE, "No passphrase for " + purpose + ": set " + ENV + " or run otactl on a terminal.");
        }
        char[] typed = System.console().readPassword("Passphrase for %s: ", purpose);
        if (typed == null || typed.length == 0) {
            throw new CliException(ExitCode.USAGE, "No passphrase given for " + purpose + ".");
        }
        return typed;
    }
}
