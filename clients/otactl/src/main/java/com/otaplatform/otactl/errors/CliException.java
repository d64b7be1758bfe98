package com.otaplatform.otactl.errors;

/** A failure with a message meant for the user and the exit code it ends otactl with. */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliException notAuthenticated(String why) {
        return new CliException(ExitCode.NOT_AUTHENTICATED, why + " Run `otactl login` (or set OTACTL_CLIENT_ID and OTACTL_CLIENT_SECRET for CI).");
    }

    public static CliException unavailable(String what, String where, Throwable cause) {
        return new CliException(ExitCode.UNAVAILABLE,
                "Could not reach " + what + " at " + where + ". Is it running? Start the local stack with `dev/stack up`"
                        + " (or point otactl elsewhere: `otactl config show` lists the endpoints).", cause);
    }
}
