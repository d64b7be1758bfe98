package com.otaplatform.console.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * The signed-in user's access token as gRPC call credentials: the console calls the other services
 * on the user's behalf so that they check the user's roles, not the console's.
 */
public final class UserCredentials extends CallCredentials {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String accessToken;

    private UserCredentials(String accessToken) {
        this.accessToken = accessToken;
    }

    /** Credentials carrying {@code accessToken}. */
    public static UserCredentials of(String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("no access token");
        }
        return new UserCredentials(accessToken);
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + accessToken);
        applier.apply(headers);
    }

    @Override
    public String toString() {
        return "UserCredentials[***]";
    }
}
