package com.otaplatform.testkit;

import com.otaplatform.agent.VehicleChannels;
import com.otaplatform.agent.VehicleCredentials;
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

    /** A mutual-TLS channel to the vehicle port 127.0.0.1:{@code port}, authenticating as {@code vehicle}. */
    public static ManagedChannel vehicle(int port, String serverCaPem, VehicleCredentials vehicle) {
        return VehicleChannels.authenticated("127.0.0.1:" + port, serverCaPem, vehicle);
    }

    /** A TLS channel to the vehicle port without a client certificate, as a vehicle provisions over. */
    public static ManagedChannel unprovisioned(int port, String serverCaPem) {
        return VehicleChannels.provisioning("127.0.0.1:" + port, serverCaPem);
    }

    /** Closes a channel, waiting briefly for calls in flight. */
    public static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
