package com.otaplatform.agent;

import com.otaplatform.common.v1.Digests;
import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.DownloadException;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.client.UpdaterConfig;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.uptane.Ecu;
import com.otaplatform.tuf.uptane.EcuImage;
import com.otaplatform.tuf.uptane.UpdatePlan;
import com.otaplatform.tuf.uptane.UptaneVerifier;
import com.otaplatform.vehicle.v1.TargetDownload;
import com.otaplatform.vehicle.v1.UpdateAssignment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Full Uptane verification of an assignment, as a primary ECU does it, before any byte is downloaded: the director
 * repository (this vehicle's signed targets) and the image repository are refreshed with the TUF workflow from the
 * trusted roots, cross-checked, and the assignment must name exactly the images the director signed for each ECU.
 * The downloads it returns carry the signed length and digests, so the image is checked against signed metadata,
 * never against what the check-in response claimed.
 */
final class UptaneCheck {
  private final TrustedRoots roots;
  private final Path directorDir;
  private final Path imageDir;
  private final UpdaterConfig config;
  private final Clock clock;

  UptaneCheck(TrustedRoots roots, Path stateDir, UpdaterConfig config, Clock clock) {
    this.roots = roots;
    this.directorDir = stateDir.resolve("metadata").resolve("director");
    this.imageDir = stateDir.resolve("metadata").resolve("image");
    this.config = config;
    this.clock = clock;
  }

  /** A verified image: the download to fetch, with signed digests, and the image's release counter. */
  record Verified(TargetDownload download, long releaseCounter) {}

  /** The assignment's downloads, verified; UpdateException with the verifier's error code otherwise. */
  List<Verified> verify(String directorUrl, String imageUrl, UpdateAssignment assignment, List<Ecu> ecus)
      throws UpdateException {
    try {
      if (directorUrl.isEmpty() || imageUrl.isEmpty()) {
        throw new TufException(ErrorCode.NOT_INITIALIZED, "the check-in response names no director or image repository");
      }
      UpdatePlan plan = new UptaneVerifier(updater(directorDir, roots.director(), directorUrl),
          updater(imageDir, roots.image(), imageUrl), URI.create(imageUrl)).verify(ecus);
      return match(assignment, plan);
    } catch (DownloadException e) {
      // the repository could not be reached (or moved on mid-refresh): nothing was refused, try again
      throw new UpdateException(e.code().name(), e.getMessage(), true, e);
    } catch (TufException e) {
      throw new UpdateException(e.code().name(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UpdateException(ErrorCodes.INVALID_ASSIGNMENT, "unusable repository URL: " + e.getMessage());
    }
  }

  private TufUpdater updater(Path dir, byte[] root, String url) {
    if (!Files.exists(dir.resolve("root.json"))) {
      TufUpdater.init(dir, root);
    }
    return new TufUpdater(dir, URI.create(url), config, clock);
  }

  private static List<Verified> match(UpdateAssignment assignment, UpdatePlan plan) {
    Map<String, EcuImage> signed = new HashMap<>();
    plan.images().forEach(image -> signed.put(image.ecu().serial(), image));
    List<Verified> verified = new ArrayList<>();
    for (TargetDownload d : assignment.getDownloadsList()) {
      EcuImage image = signed.remove(d.getEcuSerial());
      if (image == null || !image.imageTarget().name().equals(d.getTargetName())) {
        throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "the assignment names '" + d.getTargetName() + "' for ECU '"
            + d.getEcuSerial() + "', the director signed " + (image == null ? "nothing" : "'" + image.imageTarget().name() + "'"));
      }
      TargetFile target = image.imageTarget();
      Digests digests = Digests.newBuilder().setLength(target.length())
          .setSha256(target.hashes().getOrDefault("sha256", "")).setSha512(target.hashes().getOrDefault("sha512", "")).build();
      if (!sameDigests(d.getDigests(), digests)) {
        throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "the assignment's length or digests of '" + d.getTargetName()
            + "' for ECU '" + d.getEcuSerial() + "' differ from the signed ones");
      }
      verified.add(new Verified(d.toBuilder().setDigests(digests).build(), target.releaseCounter().orElse(0)));
    }
    if (!signed.isEmpty()) {
      throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "the director signed images for ECUs " + signed.keySet()
          + " that the assignment leaves out");
    }
    return verified;
  }

  /** The assignment's digests, where it gives them, must be the signed ones. */
  private static boolean sameDigests(Digests claimed, Digests signed) {
    return claimed.getLength() == signed.getLength()
        && (claimed.getSha256().isEmpty() || claimed.getSha256().equalsIgnoreCase(signed.getSha256()))
        && (claimed.getSha512().isEmpty() || claimed.getSha512().equalsIgnoreCase(signed.getSha512()));
  }
}
