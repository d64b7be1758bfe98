package com.otaplatform.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A vehicle's mutual-TLS identity, as provisioning left it in the state directory: its private key (which never
 * leaves the vehicle), its client certificate, the vehicle CA chain, and the root metadata of the image and director
 * repositories to trust first, received over the provisioning channel (TLS to checkin-service, whose certificate the
 * vehicle checks). A vehicle provisioned before the director's root came with provisioning has an empty one.
 */
public record VehicleCredentials(String privateKeyPem, String certificatePem, String caChainPem, byte[] imageRoot, byte[] directorRoot) {
  private static final String KEY = "vehicle.key";
  private static final String CERTIFICATE = "vehicle.crt";
  private static final String CA_CHAIN = "vehicle-ca.crt";
  private static final String IMAGE_ROOT = "image-root.json";
  private static final String DIRECTOR_ROOT = "director-root.json";

  /** The roots provisioning handed over, when it handed over both. */
  public Optional<TrustedRoots> trustedRoots() {
    return imageRoot.length == 0 || directorRoot.length == 0 ? Optional.empty() : Optional.of(new TrustedRoots(imageRoot, directorRoot));
  }

  /** The credentials stored in {@code stateDir}, or empty when the vehicle is not provisioned yet. */
  public static Optional<VehicleCredentials> load(Path stateDir) throws IOException {
    Path dir = stateDir.resolve("identity");
    if (!Files.exists(dir.resolve(CERTIFICATE))) {
      return Optional.empty();
    }
    Path directorRoot = dir.resolve(DIRECTOR_ROOT);
    return Optional.of(new VehicleCredentials(Files.readString(dir.resolve(KEY)), Files.readString(dir.resolve(CERTIFICATE)),
        Files.readString(dir.resolve(CA_CHAIN)), Files.readAllBytes(dir.resolve(IMAGE_ROOT)),
        Files.exists(directorRoot) ? Files.readAllBytes(directorRoot) : new byte[0]));
  }

  /** Stores the credentials in {@code stateDir}; the certificate goes last, so a crash leaves the vehicle unprovisioned. */
  public void store(Path stateDir, boolean sync) throws IOException {
    Path dir = stateDir.resolve("identity");
    Files.createDirectories(dir);
    AtomicFiles.writePrivate(dir.resolve(KEY), privateKeyPem.getBytes(StandardCharsets.US_ASCII), sync);
    AtomicFiles.write(dir.resolve(IMAGE_ROOT), imageRoot, sync);
    AtomicFiles.write(dir.resolve(DIRECTOR_ROOT), directorRoot, sync);
    AtomicFiles.write(dir.resolve(CA_CHAIN), caChainPem.getBytes(StandardCharsets.US_ASCII), sync);
    AtomicFiles.write(dir.resolve(CERTIFICATE), certificatePem.getBytes(StandardCharsets.US_ASCII), sync);
  }
}
