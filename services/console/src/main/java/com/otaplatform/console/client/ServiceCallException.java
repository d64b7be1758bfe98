package com.otaplatform.console.client;

/** A call to another service failed; carries the gRPC status code name and the service's own words. */
public class ServiceCallException extends RuntimeException {
    private final String service;
    private final String code;

    public ServiceCallException(String service, String code, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.code = code;
    }

    /** The service that answered (or could not be reached), for example "rollout-service". */
    public String service() {
        return service;
    }

    /** The gRPC status code name, for example "PERMISSION_DENIED". */
    public String code() {
        return code;
    }
}
