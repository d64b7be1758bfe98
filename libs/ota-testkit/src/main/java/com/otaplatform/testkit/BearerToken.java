package com.otaplatform.testkit;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** gRPC call credentials that send a bearer token. */
public final class BearerToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String token;

    private BearerToken(String token) {
        this.token = token;
    }

    /** Credentials carrying {@code token}. */
    public static BearerToken of(String token) {
        return new BearerToken(token);
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }
}
