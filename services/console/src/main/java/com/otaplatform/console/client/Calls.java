package com.otaplatform.console.client;

import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;

/** Runs one blocking gRPC call and turns its failure into a ServiceCallException naming the service. */
final class Calls {
    private Calls() {
    }

    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            String description = e.getStatus().getDescription();
            String message = switch (e.getStatus().getCode()) {
                case UNAVAILABLE -> service + " is not reachable" + (description == null ? "" : ": " + description);
                case DEADLINE_EXCEEDED -> service + " did not answer in time";
                default -> description == null ? e.getStatus().getCode().name() : description;
            };
            throw new ServiceCallException(service, e.getStatus().getCode().name(), message, e);
        }
    }
}
