package com.otaplatform.agent;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one place where channels to checkin-service's vehicle port are built: TLS that trusts the given server CA, with
 * the vehicle's client certificate once it is provisioned. Used by the agent CLI, the fleet simulator and tests.
 */
public final class VehicleChannels {
  private VehicleChannels() {}

  /** A channel to provision over: the server is authenticated, the vehicle has no certificate yet. */
  public static ManagedChannel provisioning(String endpoint, String serverCaPem) {
    return open(endpoint, credentials(serverCaPem, null), null);
  }

  /** A channel that authenticates as the vehicle of {@code credentials}. */
  public static ManagedChannel authenticated(String endpoint, String serverCaPem, VehicleCredentials credentials) {
    return authenticated(endpoint, serverCaPem, credentials, null);
  }

  /**
   * Same, closing the connection after {@code idleTimeout} without calls (null: gRPC's default), so that a large
   * simulated fleet holds connections only while it checks in.
   */
  public static ManagedChannel authenticated(String endpoint, String serverCaPem, VehicleCredentials credentials,
      Duration idleTimeout) {
    return open(endpoint, credentials(serverCaPem, credentials), idleTimeout);
  }

  private static ManagedChannel open(String endpoint, ChannelCredentials credentials, Duration idleTimeout) {
    var builder = Grpc.newChannelBuilder(endpoint, credentials);
    if (idleTimeout != null) {
      builder.idleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return builder.build();
  }

  private static ChannelCredentials credentials(String serverCaPem, VehicleCredentials vehicle) {
    try {
      var tls = TlsChannelCredentials.newBuilder().trustManager(ascii(serverCaPem));
      if (vehicle != null) {
        tls.keyManager(ascii(vehicle.certificatePem()), ascii(vehicle.privateKeyPem()));
      }
      return tls.build();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable TLS material", e);
    }
  }

  private static ByteArrayInputStream ascii(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
