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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ed25519 key of every ECU of a vehicle, the primary ECU's first. Each ECU signs its version report with its own
 * key and the primary also signs the vehicle manifest; ProvisionVehicle registers the public keys with the server.
 * On a vehicle each key is made the first time its ECU starts and kept in {@code <state-dir>/ecus/<serial>/ecu.key}
 * (PKCS#8 PEM, owner-only).
 */
public final class EcuKeys {
  private static final String FILE = "ecu.key";

  private final String primarySerial;
  private final Map<String, LocalSigner> signers;

  private EcuKeys(String primarySerial, Map<String, LocalSigner> signers) {
    this.primarySerial = primarySerial;
    this.signers = signers;
  }

  /** The keys of {@code identity}'s ECUs kept in {@code stateDir}; an ECU without a key gets a new one, stored atomically. */
  public static EcuKeys loadOrCreate(Path stateDir, VehicleIdentity identity, boolean sync) throws IOException {
    Map<String, LocalSigner> signers = new LinkedHashMap<>();
    for (EcuConfig ecu : identity.ecus()) {
      Path file = stateDir.resolve("ecus").resolve(ecu.serial()).resolve(FILE);
      LocalSigner signer;
      if (Files.exists(file)) {
        signer = read(file);
      } else {
        KeyPair keys = KeyPairs.ed25519KeyPair();
        AtomicFiles.writePrivate(file, Provisioning.privateKeyPem(keys).getBytes(StandardCharsets.US_ASCII), sync);
        signer = KeyPairs.signer(keys);
      }
      signers.put(ecu.serial(), signer);
    }
    return new EcuKeys(identity.primaryEcu().serial(), signers);
  }

  /** New keys held in memory only, for the ECUs {@code serials} (the first is the primary): vehicles that tests and benchmarks play. */
  public static EcuKeys generate(List<String> serials) {
    Map<String, LocalSigner> signers = new LinkedHashMap<>();
    serials.forEach(serial -> signers.put(serial, KeyPairs.ed25519()));
    return new EcuKeys(serials.get(0), signers);
  }

  private static LocalSigner read(Path file) throws IOException {
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519", Crypto.BC)
          .generatePrivate(new PKCS8EncodedKeySpec(Provisioning.pemBody(Files.readString(file, StandardCharsets.US_ASCII))));
      return new LocalSigner(key, PublicKeys.toTufKey(PrivateKeyFiles.publicKeyOf(key)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
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
