package com.otaplatform.common;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A refusal that carries its gRPC status, so that business code can say precisely what is wrong
 * and the gRPC layer passes it on unchanged.
 */
public class ApiException extends StatusRuntimeException {

    private ApiException(Status status) {
        super(status);
    }

    /** A request field is missing or malformed; the message starts with the field's name. */
    public static ApiException invalidField(String field, String problem) {
        return new ApiException(Status.INVALID_ARGUMENT.withDescription(field + ": " + problem));
    }

    /** The named resource does not exist. */
    public static ApiException notFound(String resourceName) {
        return new ApiException(Status.NOT_FOUND.withDescription(resourceName + " not found"));
    }

    /** The resource exists already (for example a release name that is taken). */
    public static ApiException alreadyExists(String what) {
        return new ApiException(Status.ALREADY_EXISTS.withDescription(what));
    }

    /** The request is valid but the resource is not in a state that allows it. */
    public static ApiException failedPrecondition(String why) {
        return new ApiException(Status.FAILED_PRECONDITION.withDescription(why));
    }

    /** A dependency (storage, another service) is not reachable; the caller may retry. */
    public static ApiException unavailable(String why, Throwable cause) {
        return new ApiException(Status.UNAVAILABLE.withDescription(why).withCause(cause));
    }
}
