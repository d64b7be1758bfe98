package com.otaplatform.otactl.errors;

/** The exit codes of otactl; README.md documents them. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** Something unexpected went wrong (a bug, an I/O error, an unmapped server status). */
    public static final int UNEXPECTED = 1;
    /** The command line was wrong: unknown option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** No credentials, or the server refused them: run {@code otactl login}. */
    public static final int NOT_AUTHENTICATED = 3;
    /** Authenticated, but the token lacks the role the call needs. */
    public static final int PERMISSION_DENIED = 4;
    /** The named artifact, release, rollout or upload does not exist. */
    public static final int NOT_FOUND = 5;
    /** The server refused a value of the request (it names the field). */
    public static final int INVALID_ARGUMENT = 6;
    /** A service or Keycloak could not be reached. */
    public static final int UNAVAILABLE = 7;
    /** The request conflicts with the resource's state (already exists, wrong state, moved on). */
    public static final int CONFLICT = 8;
    /**
     * Done as far as the server can go alone: offline signatures are awaited. The release exists and its targets are
     * staged for the targets keys ({@code otactl signing fetch|sign|submit}), or a role that only people can re-sign
     * expires soon ({@code otactl signing status}).
     */
    public static final int AWAITING_SIGNATURES = 9;

    private ExitCode() {
    }
}
