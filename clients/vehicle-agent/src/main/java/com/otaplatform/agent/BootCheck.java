package com.otaplatform.agent;

import java.nio.file.Path;

/**
 * Decides whether a freshly activated slot "booted". On a real ECU this is the first boot of the
 * new image confirming itself; in this on-disk simulation it is pluggable so tests and the fleet
 * simulator can make it fail.
 */
@FunctionalInterface
public interface BootCheck {

  Result check(EcuConfig ecu, InstalledImage image, Path slotDir);

  /** The outcome of a boot check. */
  record Result(boolean booted, String message) {
    public static Result ok() {
      return new Result(true, "booted");
    }

    public static Result failed(String message) {
      return new Result(false, message);
    }
  }

  /** The default: there is no real ECU to boot, so the check passes. */
  static BootCheck passing() {
    return (ecu, image, slotDir) -> Result.ok();
  }
}
