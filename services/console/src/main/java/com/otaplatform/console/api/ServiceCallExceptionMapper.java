package com.otaplatform.console.api;

import com.otaplatform.console.client.ServiceCallException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a failed call to another service with the matching HTTP status and the service's own message. */
@Provider
public class ServiceCallExceptionMapper implements ExceptionMapper<ServiceCallException> {

    @Override
    public Response toResponse(ServiceCallException e) {
        int status = httpStatus(e.code());
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, e.code(), e.service(), e.getMessage())).build();
    }

    /** The HTTP status for a gRPC status code name. */
    static int httpStatus(String grpcCode) {
        return switch (grpcCode) {
            case "INVALID_ARGUMENT", "OUT_OF_RANGE" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "PERMISSION_DENIED" -> 403;
            case "NOT_FOUND" -> 404;
            case "ALREADY_EXISTS", "ABORTED", "FAILED_PRECONDITION" -> 409;
            case "RESOURCE_EXHAUSTED" -> 429;
            case "UNIMPLEMENTED" -> 501;
            case "UNAVAILABLE" -> 503;
            case "DEADLINE_EXCEEDED" -> 504;
            default -> 502;
        };
    }
}
