package com.otaplatform.tuf.uptane;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;
import com.otaplatform.tuf.client.Names;
import com.otaplatform.tuf.client.TufUpdater;
import com.otaplatform.tuf.model.TargetFile;
import com.otaplatform.tuf.model.TargetsMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Uptane full verification on a primary: refresh the director repository (per-vehicle targets binding images to ECU
 * serials) and the image repository with the TUF workflow, cross-check them, then download the whole bundle and
 * install it only if every image verified.
 */
public final class UptaneVerifier {
    private final TufUpdater director;
    private final TufUpdater image;
    private final URI imageTargetsUrl;

    public UptaneVerifier(TufUpdater director, TufUpdater image, URI imageTargetsUrl) {
        this.director = director;
        this.image = image;
        this.imageTargetsUrl = imageTargetsUrl;
    }

    /** Refreshes both repositories and cross-checks them for these ECUs. */
    public UpdatePlan verify(List<Ecu> ecus) {
        TargetsMetadata d = director.refresh().targets();
        TargetsMetadata i = image.refresh().targets();
        return crossCheck(d, i, ecus);
    }

    /**
     * Each director target must exist in the image repository with identical length and hashes, be built for the
     * ECU's hardware, not lower the ECU's release counter, name a known ECU, and each ECU gets at most one target.
     */
    public static UpdatePlan crossCheck(TargetsMetadata director, TargetsMetadata image, List<Ecu> ecus) {
        Map<String, Ecu> bySerial = new HashMap<>();
        ecus.forEach(e -> bySerial.put(e.serial(), e));
        Map<String, String> assigned = new HashMap<>();
        List<EcuImage> out = new ArrayList<>();
        for (TargetFile dt : new TreeMap<>(director.targets()).values()) {
            Names.requireSafeTargetName(dt.name());
            Map<String, String> ecuIds = dt.ecuIdentifiers();
            if (ecuIds.isEmpty()) {
                throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "director target '" + dt.name()
                        + "' names no ECU (custom.ecuIdentifiers missing)");
            }
            for (Map.Entry<String, String> e : ecuIds.entrySet()) {
                String serial = e.getKey();
                Ecu ecu = bySerial.get(serial);
                if (ecu == null) {
                    throw new TufException(ErrorCode.WRONG_ECU, "director target '" + dt.name()
                            + "' is for ECU serial '" + serial + "', which this vehicle does not have");
                }
                String previous = assigned.putIfAbsent(serial, dt.name());
                if (previous != null) {
                    throw new TufException(ErrorCode.DUPLICATE_ECU_TARGET, "ECU '" + serial + "' has two targets: '"
                            + previous + "' and '" + dt.name() + "'");
                }
                if (e.getValue() == null || !e.getValue().equals(ecu.hardwareId())) {
                    throw new TufException(ErrorCode.WRONG_HARDWARE, "director assigns '" + dt.name()
                            + "' with hardware id " + e.getValue() + " to ECU '" + serial + "' whose hardware id is "
                            + ecu.hardwareId());
                }
                TargetFile it = image.target(dt.name()).orElseThrow(() -> new TufException(
                        ErrorCode.TARGET_NOT_FOUND, "director names image '" + dt.name()
                        + "' that the image repository (targets v" + image.version() + ") does not list"));
                compare(dt, it);
                if (!it.hardwareIds().contains(ecu.hardwareId())) {
                    throw new TufException(ErrorCode.WRONG_HARDWARE, "image '" + it.name() + "' is built for "
                            + it.hardwareIds() + ", not for hardware id " + ecu.hardwareId() + " of ECU '" + serial + "'");
                }
                long counter = it.releaseCounter().orElse(0);
                if (counter < ecu.installedReleaseCounter()) {
                    throw new TufException(ErrorCode.RELEASE_COUNTER_ROLLBACK, "image '" + it.name()
                            + "' has release counter " + counter + ", lower than " + ecu.installedReleaseCounter()
                            + " installed on ECU '" + serial + "'");
                }
                if (dt.releaseCounter().isPresent() && dt.releaseCounter().getAsLong() != counter) {
                    throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "director says release counter "
                            + dt.releaseCounter().getAsLong() + " for '" + dt.name() + "', image repository says "
                            + counter);
                }
                out.add(new EcuImage(ecu, dt, it));
            }
        }
        return new UpdatePlan(out);
    }

    private static void compare(TargetFile dt, TargetFile it) {
        if (dt.length() != it.length()) {
            throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "'" + dt.name() + "': director length " + dt.length()
                    + " differs from image repository length " + it.length());
        }
        int common = 0;
        for (Map.Entry<String, String> h : dt.hashes().entrySet()) {
            String other = it.hashes().get(h.getKey());
            if (other == null) {
                continue;
            }
            common++;
            if (!other.equalsIgnoreCase(h.getValue())) {
                throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "'" + dt.name() + "': director " + h.getKey()
                        + " " + h.getValue() + " differs from image repository " + other);
            }
        }
        if (common == 0) {
            throw new TufException(ErrorCode.DIRECTOR_MISMATCH, "'" + dt.name()
                    + "': director and image repository share no hash algorithm");
        }
    }

    /**
     * Downloads every image of the plan into a fresh staging directory; only when all of them verified are they
     * moved into {@code installDir}. If any fails, the staging directory is removed and nothing is installed.
     */
    public List<Path> downloadBundle(UpdatePlan plan, Path stagingDir, Path installDir) {
        Path staging;
        try {
            Files.createDirectories(stagingDir);
            staging = Files.createTempDirectory(stagingDir, "bundle-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<Path> staged = new ArrayList<>();
            for (EcuImage ei : plan.images()) {
                try {
                    staged.add(image.download(ei.imageTarget(), imageTargetsUrl, staging));
                } catch (TufException e) {
                    throw new TufException(ErrorCode.PARTIAL_BUNDLE, "image '" + ei.imageTarget().name()
                            + "' for ECU '" + ei.ecu().serial() + "' failed (" + e.getMessage() + "); none of the "
                            + plan.images().size() + " images of the bundle is installed", e);
                }
            }
            Files.createDirectories(installDir);
            List<Path> installed = new ArrayList<>();
            for (Path p : staged) {
                Path dest = installDir.resolve(p.getFileName().toString());
                Files.move(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                installed.add(dest);
            }
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
