package com.otaplatform.console.api;

/**
 * The JSON body of every refused API call: the HTTP status, the gRPC code or console reason, which
 * service refused (empty when the console itself did), and a message for people.
 */
public record ApiError(int status, String code, String service, String message) {
}
