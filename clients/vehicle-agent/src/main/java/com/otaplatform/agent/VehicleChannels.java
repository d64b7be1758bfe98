package com.otaplatform.agent;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

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
        tls.keyManager(new VehicleKeyManager(vehicle));
      }
      return tls.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable TLS material: " + e.getMessage(), e);
    }
  }

  /**
   * The vehicle's key and certificate, handed to TLS as they are: a PEM key given as a stream would be wrapped in a
   * password-protected key store first (PBKDF2, tens of milliseconds per channel; a simulated fleet opens thousands).
   */
  private static final class VehicleKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "vehicle";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    VehicleKeyManager(VehicleCredentials vehicle) throws GeneralSecurityException {
      this.key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Provisioning.pemBody(vehicle.privateKeyPem())));
      this.chain = CertificateFactory.getInstance("X.509").generateCertificates(ascii(vehicle.certificatePem())).stream()
          .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  private static ByteArrayInputStream ascii(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
