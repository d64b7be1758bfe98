package com.otaplatform.agent;

import com.otaplatform.vehicle.v1.ProvisionVehicleRequest;
import com.otaplatform.vehicle.v1.ProvisionVehicleResponse;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.Channel;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Provisions a vehicle: a new ECDSA P-256 key pair, a CSR whose CN is the VIN, and ProvisionVehicle authorised by the
 * one-time factory token, which also registers the ECUs' public keys. The private key stays on the vehicle; the service returns the certificate for it.
 */
public final class Provisioning {
  /** How many times provisioning tries (the fleet simulator's registration too). */
  public static final int ATTEMPTS = 6;
  private static final long DEADLINE_SECONDS = 30;
  private static final Duration RETRY_BASE = Duration.ofSeconds(1);
  private static final Duration RETRY_MAX = Duration.ofSeconds(15);

  private Provisioning() {}

  /** The wait between provisioning tries: 1 s doubling to 15 s, jittered (the fleet simulator's registration's too). */
  public static Backoff newBackoff() {
    return new Backoff(RETRY_BASE, RETRY_MAX, new Random());
  }

  /**
   * Provisions {@code vin} over {@code channel} (TLS to checkin-service's vehicle port, no client certificate yet) and
   * registers the public keys of {@code ecuKeys}, which check-in then verifies every manifest with; tries
   * {@link #ATTEMPTS} times with {@link #newBackoff()}.
   */
  public static VehicleCredentials provision(Channel channel, String vin, String factoryToken, EcuKeys ecuKeys) {
    return provision(channel, vin, factoryToken, ecuKeys, newBackoff(), ATTEMPTS);
  }

  /**
   * As {@link #provision(Channel, String, String, EcuKeys)}, trying again after a broken call ({@link Retry}) up to
   * {@code attempts} times, always with the same key pair and request: ProvisionVehicle is safe to repeat with them (a
   * call that spent the token and lost its answer gets the same certificate again), where a new key pair would be
   * refused because the token is spent.
   */
  public static VehicleCredentials provision(Channel channel, String vin, String factoryToken, EcuKeys ecuKeys, Backoff backoff,
      int attempts) {
    KeyPair keys = newKeyPair();
    ProvisionVehicleRequest request = ProvisionVehicleRequest.newBuilder().setVin(vin).setCsrPem(csr(vin, keys))
        .setFactoryToken(factoryToken).addAllEcuKeys(ecuKeys.publicKeys()).setPrimaryEcuSerial(ecuKeys.primarySerial()).build();
    VehicleServiceGrpc.VehicleServiceBlockingStub stub = VehicleServiceGrpc.newBlockingStub(channel);
    ProvisionVehicleResponse reply = Retry.call(
        () -> stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).provisionVehicle(request), backoff, attempts);
    return new VehicleCredentials(privateKeyPem(keys), reply.getCertificatePem(), reply.getCaChainPem(),
        reply.getImageRoot().toByteArray(), reply.getDirectorRoot().toByteArray());
  }

  /** A fresh ECDSA P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make ECDSA P-256 keys", e);
    }
  }

  /** A PEM PKCS#10 request for a certificate of {@code keys}' public key, subject CN={@code vin}, signed by its private key. */
  public static String csr(String vin, KeyPair keys) {
    try {
      var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + vin), keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        writer.writeObject(request);
      }
      return out.toString();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a CSR with an ECDSA P-256 key", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The DER bytes of a PEM text with one object (for example a PKCS#8 private key). */
  static byte[] pemBody(String pem) {
    return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  /** The private key as PEM PKCS#8, the form TLS libraries read. */
  public static String privateKeyPem(KeyPair keys) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
