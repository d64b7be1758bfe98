package com.otaplatform.otactl.errors;

import com.otaplatform.otactl.grpc.EndpointInterceptor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {

    @ParameterizedTest
    @CsvSource({
            "OK, 0",
            "UNAUTHENTICATED, 3",
            "PERMISSION_DENIED, 4",
            "NOT_FOUND, 5",
            "INVALID_ARGUMENT, 6",
            "OUT_OF_RANGE, 6",
            "UNAVAILABLE, 7",
            "DEADLINE_EXCEEDED, 7",
            "ALREADY_EXISTS, 8",
            "FAILED_PRECONDITION, 8",
            "ABORTED, 8",
            "INTERNAL, 1",
            "UNKNOWN, 1",
            "UNIMPLEMENTED, 1",
            "RESOURCE_EXHAUSTED, 1",
            "DATA_LOSS, 1",
            "CANCELLED, 1"})
    void statusesMapToExitCodes(Status.Code code, int exit) {
        assertThat(ErrorMapper.map(Status.fromCode(code).withDescription("x").asRuntimeException()).exitCode()).isEqualTo(exit);
    }

    @Test
    void unauthenticatedTellsToLogIn() {
        ErrorMapper.Failure f = ErrorMapper.map(Status.UNAUTHENTICATED.withDescription("token expired").asRuntimeException());
        assertThat(f.message()).contains("token expired").contains("Run `otactl login`");
    }

    @Test
    void permissionDeniedNamesTheRoleTheServerNamed() {
        ErrorMapper.Failure f = ErrorMapper.map(Status.PERMISSION_DENIED
                .withDescription("CreateUpload requires role release-engineer").asRuntimeException());
        assertThat(f.exitCode()).isEqualTo(ExitCode.PERMISSION_DENIED);
        assertThat(f.message()).contains("This needs role release-engineer");

        ErrorMapper.Failure anonymous = ErrorMapper.map(Status.PERMISSION_DENIED.withDescription("denied").asRuntimeException());
        assertThat(anonymous.message()).isEqualTo("Permission denied: denied.");
    }

    @Test
    void invalidArgumentKeepsTheServersFieldMessage() {
        ErrorMapper.Failure f = ErrorMapper.map(Status.INVALID_ARGUMENT
                .withDescription("spec.version: \"2.x\" is not a semantic version").asRuntimeException());
        assertThat(f.message()).isEqualTo("Invalid argument: spec.version: \"2.x\" is not a semantic version");
    }

    @Test
    void unavailableNamesTheEndpointFromTheTrailers() {
        Metadata trailers = new Metadata();
        trailers.put(EndpointInterceptor.ENDPOINT_KEY, "artifact-service (127.0.0.1:8081)");
        StatusRuntimeException e = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused")).asRuntimeException(trailers);
        ErrorMapper.Failure f = ErrorMapper.map(e);
        assertThat(f.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(f.message()).contains("artifact-service (127.0.0.1:8081)").contains("Connection refused").contains("dev/stack up");
    }

    @Test
    void aCliExceptionInsideAStatusWins() {
        CliException cause = CliException.unavailable("Keycloak (OIDC issuer)", "http://127.0.0.1:8180/realms/ota", null);
        StatusRuntimeException e = Status.UNAUTHENTICATED.withDescription(cause.getMessage()).withCause(cause).asRuntimeException();
        assertThat(ErrorMapper.map(e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
    }

    @Test
    void anythingElseIsUnexpected() {
        ErrorMapper.Failure f = ErrorMapper.map(new UncheckedIOException(new java.io.IOException("disk full")));
        assertThat(f.exitCode()).isEqualTo(ExitCode.UNEXPECTED);
        assertThat(f.message()).contains("disk full");
    }
}
