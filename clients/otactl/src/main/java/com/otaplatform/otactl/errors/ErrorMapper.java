package com.otaplatform.otactl.errors;

import com.otaplatform.otactl.grpc.EndpointInterceptor;
import io.grpc.Metadata;
import io.grpc.Status;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place that turns a failure (a gRPC status above all) into an exit code and a message. */
public final class ErrorMapper {
    private static final Pattern ROLE = Pattern.compile("(?i)\\brole[s]?\\s+[`'\"]?([a-z][a-z0-9_-]*)");

    private ErrorMapper() {
    }

    /** What otactl tells the user and exits with. */
    public record Failure(int exitCode, String message) {
    }

    public static Failure map(Throwable failure) {
        CliException cli = find(failure, CliException.class);
        if (cli != null) {
            return new Failure(cli.exitCode(), cli.getMessage());
        }
        Status status = Status.fromThrowable(failure);
        if (status.getCode() != Status.Code.UNKNOWN || hasGrpcStatus(failure)) {
            return fromStatus(status, Status.trailersFromThrowable(failure));
        }
        String detail = failure.getMessage() == null ? failure.getClass().getName() : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return new Failure(ExitCode.UNEXPECTED, "Unexpected error: " + detail);
    }

    /** Maps a gRPC status; {@code trailers} may carry the endpoint the call went to. */
    public static Failure fromStatus(Status status, Metadata trailers) {
        String endpoint = trailers == null ? null : trailers.get(EndpointInterceptor.ENDPOINT_KEY);
        String description = status.getDescription() == null || status.getDescription().isBlank()
                ? status.getCode().name() : status.getDescription();
        Throwable root = rootCause(status.getCause());
        if (root != null && root.getMessage() != null && !description.contains(root.getMessage())) {
            description = description + ": " + root.getMessage();
        }
        return switch (status.getCode()) {
            case OK -> new Failure(ExitCode.OK, "");
            case UNAUTHENTICATED -> new Failure(ExitCode.NOT_AUTHENTICATED,
                    "Not authenticated: " + description + ". Run `otactl login` (or set OTACTL_CLIENT_ID and OTACTL_CLIENT_SECRET for CI).");
            case PERMISSION_DENIED -> new Failure(ExitCode.PERMISSION_DENIED, permissionDenied(description));
            case NOT_FOUND -> new Failure(ExitCode.NOT_FOUND, "Not found: " + description);
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new Failure(ExitCode.INVALID_ARGUMENT, "Invalid argument: " + description);
            case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> new Failure(ExitCode.CONFLICT, "Refused: " + description);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new Failure(ExitCode.UNAVAILABLE, unavailable(endpoint, status, description));
            default -> new Failure(ExitCode.UNEXPECTED, "Server error (" + status.getCode() + "): " + description
                    + (endpoint == null ? "" : " [" + endpoint + "]"));
        };
    }

    private static String permissionDenied(String description) {
        Matcher m = ROLE.matcher(description);
        String role = m.find() ? m.group(1) : null;
        return "Permission denied: " + description
                + (role == null ? "." : ". This needs role " + role + "; ask an administrator to grant it, then run `otactl login` again.");
    }

    private static String unavailable(String endpoint, Status status, String description) {
        String where = endpoint == null ? "the service" : endpoint;
        String what = status.getCode() == Status.Code.DEADLINE_EXCEEDED ? "did not answer in time" : "could not be reached";
        return "Service unavailable: " + where + " " + what + " (" + description + "). Is it running? "
                + "Start the local stack with `dev/stack up`, or check the endpoint with `otactl config show`.";
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c != null && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static boolean hasGrpcStatus(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.grpc.StatusRuntimeException || c instanceof io.grpc.StatusException) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
