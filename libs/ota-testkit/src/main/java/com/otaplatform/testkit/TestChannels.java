package com.otaplatform.testkit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Real gRPC channels to a service under test on loopback. */
public final class TestChannels {
    private TestChannels() {
    }

    /** A plaintext (h2c) channel to 127.0.0.1:{@code port}. */
    public static ManagedChannel loopback(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Closes a channel, waiting briefly for calls in flight. */
    public static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
