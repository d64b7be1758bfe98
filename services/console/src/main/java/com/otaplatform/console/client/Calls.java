package com.otaplatform.console.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/** Runs one blocking gRPC call and turns its failure (or a stream's) into a ServiceCallException naming the service. */
final class Calls {
    private Calls() {
    }

    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw failure(service, e);
        }
    }

    /** The failure of a call to {@code service}, with the service's code and words. */
    static ServiceCallException failure(String service, Throwable error) {
        Status status = Status.fromThrowable(error);
        String description = status.getDescription();
        String message = switch (status.getCode()) {
            case UNAVAILABLE -> service + " is not reachable" + (description == null ? "" : ": " + description);
            case DEADLINE_EXCEEDED -> service + " did not answer in time";
            default -> description == null ? status.getCode().name() : description;
        };
        return new ServiceCallException(service, status.getCode().name(), message, error);
    }
}
