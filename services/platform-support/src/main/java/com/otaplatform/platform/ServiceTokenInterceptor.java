package com.otaplatform.platform;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/** Puts this service's own access token (client credentials) on every outgoing gRPC call. */
@ApplicationScoped
@GlobalInterceptor
public class ServiceTokenInterceptor implements ClientInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

    @Inject
    OidcClient oidcClient;

    private Tokens tokens;

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(AUTHORIZATION, "Bearer " + accessToken());
                super.start(listener, headers);
            }
        };
    }

    private synchronized String accessToken() {
        if (tokens == null || expiresSoon(tokens)) {
            tokens = oidcClient.getTokens().await().atMost(Duration.ofSeconds(15));
        }
        return tokens.getAccessToken();
    }

    private static boolean expiresSoon(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return expiresAt != null && Instant.ofEpochSecond(expiresAt).minus(REFRESH_MARGIN).isBefore(Instant.now());
    }
}
