package com.otaplatform.otactl.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;

/**
 * Opens channels to endpoints written as {@code host:port} or {@code http://host:port} (plaintext h2c) or
 * {@code https://host:port} (TLS with the JDK's trust store).
 */
public final class Endpoints {
    /** Largest response otactl accepts (a page of 1000 rollouts with their targets fits). */
    private static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

    private Endpoints() {
    }

    /** The host:port part of an endpoint. */
    public static String target(String endpoint) {
        String e = endpoint.trim();
        int scheme = e.indexOf("://");
        if (scheme >= 0) {
            e = e.substring(scheme + 3);
        }
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }

    public static boolean tls(String endpoint) {
        return endpoint.trim().startsWith("https://");
    }

    public static ManagedChannel open(String endpoint) {
        ChannelCredentials credentials = tls(endpoint) ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
        return Grpc.newChannelBuilder(target(endpoint), credentials)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .userAgent("otactl")
                .build();
    }
}
