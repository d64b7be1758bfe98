package com.otaplatform.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A/B installation simulated on disk. Each ECU has {@code <stateDir>/ecus/<serial>/slot-a} and
 * {@code slot-b} (each holding {@code image} and {@code image.properties}) and an {@code active}
 * file naming the running slot. Installing writes the inactive slot, switches {@code active} to
 * it, runs the {@link BootCheck}, and switches back if the check fails.
 *
 * <p>{@link #installAll} applies an update to several ECUs all-or-none: every inactive slot is
 * written first (a write failure leaves every ECU untouched), then all are switched, and a single
 * failed boot check switches every ECU back.
 */
public final class SlotInstaller {
  private static final System.Logger LOG = System.getLogger(SlotInstaller.class.getName());
  static final String SLOT_A = "slot-a";
  static final String SLOT_B = "slot-b";
  private static final String IMAGE = "image";
  private static final String META = "image.properties";
  private static final String ACTIVE = "active";

  private final Path ecusDir;
  private final ImageWriter writer;
  private final BootCheck bootCheck;
  private final boolean sync;

  public SlotInstaller(Path stateDir, ImageWriter writer, BootCheck bootCheck) {
    this(stateDir, writer, bootCheck, true);
  }

  /** With {@code sync=false} metadata and the active pointer are renamed atomically but not fsynced. */
  public SlotInstaller(Path stateDir, ImageWriter writer, BootCheck bootCheck, boolean sync) {
    this.sync = sync;
    this.ecusDir = stateDir.resolve("ecus");
    this.writer = writer;
    this.bootCheck = bootCheck;
  }

  public SlotInstaller(Path stateDir) {
    this(stateDir, ImageWriter.copying(), BootCheck.passing());
  }

  /** The outcome of an install. */
  public enum Outcome {
    /** Installed, switched and booted. */
    SUCCEEDED,
    /** Writing a slot failed; nothing was switched. */
    FAILED,
    /** A boot check failed; the previous slots are active again. */
    ROLLED_BACK
  }

  /** One ECU's part of an update. */
  public record Plan(EcuConfig ecu, Path image, InstalledImage meta) {}

  /** Result of an install; {@code ecuSerial}/{@code errorCode} name the culprit on failure. */
  public record Result(Outcome outcome, String ecuSerial, String errorCode, String message) {
    static Result succeeded() {
      return new Result(Outcome.SUCCEEDED, "", "", "installed");
    }
  }

  private record Staged(Plan plan, String previousSlot, String newSlot) {}

  /** The slot the ECU runs, {@code slot-a} on a fresh ECU. */
  public String activeSlot(String serial) throws IOException {
    Path active = ecuDir(serial).resolve(ACTIVE);
    if (!Files.exists(active)) {
      return SLOT_A;
    }
    String slot = Files.readString(active, StandardCharsets.UTF_8).trim();
    return slot.equals(SLOT_B) ? SLOT_B : SLOT_A;
  }

  /** What the active slot holds; empty on a factory-fresh ECU. */
  public Optional<InstalledImage> installed(String serial) throws IOException {
    Path meta = ecuDir(serial).resolve(activeSlot(serial)).resolve(META);
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    return Optional.of(InstalledImage.fromProperties(Files.readAllBytes(meta)));
  }

  public Result install(EcuConfig ecu, Path image, InstalledImage meta) {
    return installAll(List.of(new Plan(ecu, image, meta)));
  }

  public Result installAll(List<Plan> plans) {
    List<Staged> staged = new ArrayList<>();
    for (Plan plan : plans) {
      try {
        staged.add(stage(plan));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "writing the inactive slot of {0} failed: {1}", plan.ecu().serial(), e.toString());
        return new Result(Outcome.FAILED, plan.ecu().serial(), ErrorCodes.INSTALL_FAILED,
            "writing the inactive slot failed: " + e.getMessage());
      }
    }
    List<Staged> switched = new ArrayList<>();
    for (Staged s : staged) {
      try {
        switchTo(s.plan().ecu().serial(), s.newSlot());
        switched.add(s);
      } catch (IOException e) {
        rollBack(switched);
        return new Result(Outcome.FAILED, s.plan().ecu().serial(), ErrorCodes.INSTALL_FAILED,
            "switching slots failed: " + e.getMessage());
      }
    }
    for (Staged s : staged) {
      Path slotDir = ecuDir(s.plan().ecu().serial()).resolve(s.newSlot());
      BootCheck.Result boot;
      try {
        boot = bootCheck.check(s.plan().ecu(), s.plan().meta(), slotDir);
      } catch (RuntimeException e) {
        boot = BootCheck.Result.failed("boot check crashed: " + e);
      }
      if (!boot.booted()) {
        rollBack(switched);
        return new Result(Outcome.ROLLED_BACK, s.plan().ecu().serial(), ErrorCodes.BOOT_CHECK_FAILED,
            "boot check failed on " + s.newSlot() + ": " + boot.message() + "; back on " + s.previousSlot());
      }
    }
    return Result.succeeded();
  }

  private Staged stage(Plan plan) throws IOException {
    String serial = plan.ecu().serial();
    String previous = activeSlot(serial);
    String target = previous.equals(SLOT_A) ? SLOT_B : SLOT_A;
    Path slotDir = ecuDir(serial).resolve(target);
    deleteRecursively(slotDir);
    Files.createDirectories(slotDir);
    writer.write(plan.image(), slotDir.resolve(IMAGE));
    AtomicFiles.write(slotDir.resolve(META), plan.meta().toProperties(), sync);
    return new Staged(plan, previous, target);
  }

  private void rollBack(List<Staged> switched) {
    for (Staged s : switched) {
      try {
        switchTo(s.plan().ecu().serial(), s.previousSlot());
      } catch (IOException e) {
        LOG.log(Level.ERROR, "rolling back {0} to {1} failed: {2}", s.plan().ecu().serial(), s.previousSlot(), e);
      }
    }
  }

  private void switchTo(String serial, String slot) throws IOException {
    AtomicFiles.write(ecuDir(serial).resolve(ACTIVE), slot.getBytes(StandardCharsets.UTF_8), sync);
  }

  private Path ecuDir(String serial) {
    return ecusDir.resolve(serial);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
