package com.otaplatform.platform;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.quarkus.grpc.auth.AuthExceptionHandler;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a call without a valid token with UNAUTHENTICATED and a call whose token lacks the role
 * with PERMISSION_DENIED (Quarkus answers PERMISSION_DENIED to both by default).
 */
@ApplicationScoped
public class AuthStatusMapping implements AuthExceptionHandlerProvider {

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public <Q, R> AuthExceptionHandler<Q, R> createHandler(ServerCall.Listener<Q> listener, ServerCall<Q, R> call, Metadata metadata) {
        return new AuthExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<Q, R> serverCall, Metadata trailers) {
                if (failure instanceof UnauthorizedException || failure instanceof AuthenticationException) {
                    serverCall.close(Status.UNAUTHENTICATED.withDescription(
                            "this call needs a valid bearer token from the ota realm (otactl login)"), trailers);
                } else if (failure instanceof ForbiddenException) {
                    serverCall.close(Status.PERMISSION_DENIED.withDescription(
                            "the caller's roles do not allow " + serverCall.getMethodDescriptor().getBareMethodName()), trailers);
                } else {
                    super.handleException(failure, serverCall, trailers);
                }
            }
        };
    }
}
