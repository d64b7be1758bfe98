package com.otaplatform.agent.testing;

import com.otaplatform.agent.Digester;
import com.otaplatform.agent.TrustedRoots;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.model.RoleName;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.UptaneCustom;
import com.otaplatform.tuf.repo.RepositoryBuilder;
import com.otaplatform.vehicle.v1.TargetDownload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An Uptane image repository and per-vehicle director repositories for tests, written with libs/tuf's
 * RepositoryBuilder and served in the TUF layout by a {@link TestImageServer} ({@code /image/},
 * {@code /director/<vin>/}). Every director repository is signed by the same director keys, so one
 * trusted director root serves every vehicle, as with checkin-service.
 */
public final class TestUptane {
  private final Path dir;
  private final TestImageServer server;
  private final RepositoryBuilder image;
  private final Map<String, Signer> directorKeys = keys();
  private final byte[] directorRoot;
  private final Map<String, RepositoryBuilder> directors = new HashMap<>();
  private final Map<String, Set<String>> directed = new HashMap<>();
  private final Map<String, Long> releaseCounters = new HashMap<>();

  public TestUptane(Path dir, TestImageServer server) {
    this.dir = dir;
    this.server = server;
    this.image = RepositoryBuilder.withKeys(dir.resolve("image"), keys()).publish();
    serve("/image/", image);
    this.directorRoot = RepositoryBuilder.withKeys(dir.resolve("director-root"), directorKeys).publish().metadataBytes("1.root.json");
  }

  private static Map<String, Signer> keys() {
    Map<String, Signer> keys = new TreeMap<>();
    RoleName.TOP_LEVEL.forEach(role -> keys.put(role, KeyPairs.ed25519()));
    return keys;
  }

  /** The roots a vehicle of this test trusts. */
  public TrustedRoots roots() {
    return new TrustedRoots(image.metadataBytes("1.root.json"), directorRoot);
  }

  public String imageUrl() {
    return server.url("/image/");
  }

  public String directorUrl(String vin) {
    return server.url("/director/" + vin + "/");
  }

  /**
   * Signs {@code signed} into the image repository as {@code targetName} for the hardware id, and
   * returns a download of it for {@code ecuSerial} whose URL serves {@code served} (the same bytes,
   * unless a test plays an attack).
   */
  public synchronized TargetDownload publish(String ecuSerial, String hardwareId, String targetName, String version,
      byte[] signed, String url, long releaseCounter) {
    image.addTarget(targetName, signed, UptaneCustom.image(List.of(hardwareId), releaseCounter));
    releaseCounters.put(targetName, releaseCounter);
    image.publish();
    serve("/image/", image);
    return TargetDownload.newBuilder().setEcuSerial(ecuSerial).setTargetName(targetName).setUrl(url)
        .setDigests(Digester.digest(signed)).setVersion(version).build();
  }

  /** Publishes the vehicle's director targets: exactly these downloads, bound to their ECU serial and hardware id. */
  public synchronized void direct(String vin, List<TargetDownload> downloads, Map<String, String> hardwareIdBySerial) {
    RepositoryBuilder director = directors.computeIfAbsent(vin,
        v -> RepositoryBuilder.withKeys(dir.resolve("director").resolve(v), directorKeys));
    Set<String> names = directed.computeIfAbsent(vin, v -> new HashSet<>());
    names.forEach(director::removeTarget);
    names.clear();
    Map<String, Map<String, String>> ecus = new TreeMap<>();
    Map<String, TargetDownload> byName = new TreeMap<>();
    for (TargetDownload d : downloads) {
      ecus.computeIfAbsent(d.getTargetName(), n -> new TreeMap<>()).put(d.getEcuSerial(), hardwareIdBySerial.get(d.getEcuSerial()));
      byName.put(d.getTargetName(), d);
    }
    byName.forEach((name, d) -> {
      director.addTargetInfo(new TargetFile(name, d.getDigests().getLength(),
          Map.of("sha256", d.getDigests().getSha256(), "sha512", d.getDigests().getSha512()),
          UptaneCustom.director(ecus.get(name), releaseCounters.getOrDefault(name, 0L))));
      names.add(name);
    });
    director.publish();
    serve("/director/" + vin + "/", director);
  }

  private void serve(String prefix, RepositoryBuilder repository) {
    try (Stream<Path> files = Files.list(repository.metadataDir())) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        server.put(prefix + file.getFileName(), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
