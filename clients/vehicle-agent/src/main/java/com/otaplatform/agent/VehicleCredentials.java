package com.otaplatform.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A vehicle's mutual-TLS identity, as provisioning left it in the state directory: its private key (which never
 * leaves the vehicle), its client certificate, the vehicle CA chain, and the image repository's root metadata to
 * trust first.
 */
public record VehicleCredentials(String privateKeyPem, String certificatePem, String caChainPem, byte[] imageRoot) {
  private static final String KEY = "vehicle.key";
  private static final String CERTIFICATE = "vehicle.crt";
  private static final String CA_CHAIN = "vehicle-ca.crt";
  private static final String IMAGE_ROOT = "image-root.json";

  /** The credentials stored in {@code stateDir}, or empty when the vehicle is not provisioned yet. */
  public static Optional<VehicleCredentials> load(Path stateDir) throws IOException {
    Path dir = stateDir.resolve("identity");
    if (!Files.exists(dir.resolve(CERTIFICATE))) {
      return Optional.empty();
    }
    return Optional.of(new VehicleCredentials(Files.readString(dir.resolve(KEY)), Files.readString(dir.resolve(CERTIFICATE)),
        Files.readString(dir.resolve(CA_CHAIN)), Files.readAllBytes(dir.resolve(IMAGE_ROOT))));
  }

  /** Stores the credentials in {@code stateDir}; the certificate goes last, so a crash leaves the vehicle unprovisioned. */
  public void store(Path stateDir, boolean sync) throws IOException {
    Path dir = stateDir.resolve("identity");
    Files.createDirectories(dir);
    AtomicFiles.writePrivate(dir.resolve(KEY), privateKeyPem.getBytes(StandardCharsets.US_ASCII), sync);
    AtomicFiles.write(dir.resolve(IMAGE_ROOT), imageRoot, sync);
    AtomicFiles.write(dir.resolve(CA_CHAIN), caChainPem.getBytes(StandardCharsets.US_ASCII), sync);
    AtomicFiles.write(dir.resolve(CERTIFICATE), certificatePem.getBytes(StandardCharsets.US_ASCII), sync);
  }
}
