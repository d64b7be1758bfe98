package com.otaplatform.agent;

import com.google.protobuf.ByteString;
import com.otaplatform.tuf.crypto.Crypto;
import com.otaplatform.tuf.crypto.KeyPairs;
import com.otaplatform.tuf.crypto.LocalSigner;
import com.otaplatform.tuf.crypto.PrivateKeyFiles;
import com.otaplatform.tuf.crypto.PublicKeys;
import com.otaplatform.tuf.crypto.Signer;
import com.otaplatform.tuf.model.Key;
import com.otaplatform.vehicle.v1.EcuKey;
import com.otaplatform.vehicle.v1.EcuVersionReport;
import com.otaplatform.vehicle.v1.Signature;
import com.otaplatform.vehicle.v1.SignedEcuVersionReport;
import com.otaplatform.vehicle.v1.SignedVehicleManifest;
import com.otaplatform.vehicle.v1.VehicleManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ed25519 key of every ECU of a vehicle, the primary ECU's first. Each ECU signs its version report with its own
 * key and the primary also signs the vehicle manifest; ProvisionVehicle registers the public keys with the server.
 * A key is made the first time the agent starts with its ECU. The keys are kept in one file, {@code <state-dir>/ecu-keys}
 * (a line per ECU: serial, space, its base64 PKCS#8 private key; owner-only, replaced atomically): one small write per
 * vehicle, so that a simulated fleet of thousands starts about as fast as without keys.
 */
public final class EcuKeys {
  private static final String FILE = "ecu-keys";

  private final String primarySerial;
  private final Map<String, LocalSigner> signers;

  private EcuKeys(String primarySerial, Map<String, LocalSigner> signers) {
    this.primarySerial = primarySerial;
    this.signers = signers;
  }

  /** The keys of {@code identity}'s ECUs kept in {@code stateDir}; an ECU without a key gets a new one, stored atomically. */
  public static EcuKeys loadOrCreate(Path stateDir, VehicleIdentity identity, boolean sync) throws IOException {
    Path file = stateDir.resolve(FILE);
    Map<String, String> stored = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        String[] parts = line.split(" ", 2);
        if (parts.length != 2) {
          throw new IOException(file + " has a line that is not '<ECU serial> <base64 PKCS#8 key>'");
        }
        stored.put(parts[0], parts[1]);
      }
    }
    Map<String, LocalSigner> signers = new LinkedHashMap<>();
    boolean added = false;
    for (EcuConfig ecu : identity.ecus()) {
      String encoded = stored.get(ecu.serial());
      if (encoded != null) {
        signers.put(ecu.serial(), read(file, ecu.serial(), encoded));
      } else {
        KeyPair keys = KeyPairs.ed25519KeyPair();
        stored.put(ecu.serial(), Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        signers.put(ecu.serial(), KeyPairs.signer(keys));
        added = true;
      }
    }
    if (added) {
      StringBuilder text = new StringBuilder();
      stored.forEach((serial, encoded) -> text.append(serial).append(' ').append(encoded).append('\n'));
      AtomicFiles.writePrivate(file, text.toString().getBytes(StandardCharsets.US_ASCII), sync);
    }
    return new EcuKeys(identity.primaryEcu().serial(), signers);
  }

  /** New keys held in memory only, for the ECUs {@code serials} (the first is the primary): vehicles that tests and benchmarks play. */
  public static EcuKeys generate(List<String> serials) {
    Map<String, LocalSigner> signers = new LinkedHashMap<>();
    serials.forEach(serial -> signers.put(serial, KeyPairs.ed25519()));
    return new EcuKeys(serials.get(0), signers);
  }

  private static LocalSigner read(Path file, String serial, String encoded) throws IOException {
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519", Crypto.BC).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
      return new LocalSigner(key, PublicKeys.toTufKey(PrivateKeyFiles.publicKeyOf(key)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the key of ECU " + serial + " in " + file + " is not an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  public String primarySerial() {
    return primarySerial;
  }

  /** The signer of ECU {@code serial}; IllegalArgumentException for an ECU this vehicle does not have. */
  public Signer signer(String serial) {
    LocalSigner signer = signers.get(serial);
    if (signer == null) {
      throw new IllegalArgumentException("no key for ECU " + serial);
    }
    return signer;
  }

  /** The public keys as ProvisionVehicle registers them. */
  public List<EcuKey> publicKeys() {
    List<EcuKey> keys = new ArrayList<>();
    signers.forEach((serial, signer) -> keys.add(EcuKey.newBuilder().setEcuSerial(serial).setMethod(signer.publicKey().scheme())
        .setPublicKey(ByteString.copyFrom(HexFormat.of().parseHex(signer.publicKey().publicValue()))).build()));
    return keys;
  }

  /**
   * The manifest of {@code vin} listing {@code reports}: each report serialized deterministically and signed by its
   * ECU's key, the whole manifest signed by the primary's key.
   */
  public SignedVehicleManifest signedManifest(String vin, List<EcuVersionReport> reports) {
    VehicleManifest.Builder manifest = VehicleManifest.newBuilder().setVin(vin).setPrimaryEcuSerial(primarySerial);
    for (EcuVersionReport report : reports) {
      ByteString bytes = VehicleAgent.deterministic(report);
      manifest.addEcuReports(SignedEcuVersionReport.newBuilder().setReport(bytes)
          .addSignatures(signature(signer(report.getEcuSerial()), bytes)));
    }
    ByteString bytes = VehicleAgent.deterministic(manifest.build());
    return SignedVehicleManifest.newBuilder().setManifest(bytes).addSignatures(signature(signer(primarySerial), bytes)).build();
  }

  private static Signature signature(Signer signer, ByteString bytes) {
    Key key = signer.publicKey();
    return Signature.newBuilder().setKeyId(signer.keyId()).setMethod(key.scheme())
        .setValue(ByteString.copyFrom(signer.sign(bytes.toByteArray()))).build();
  }
}
