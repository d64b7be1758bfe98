package com.otaplatform.agent.cli;

import com.otaplatform.agent.TrustedRoots;
import com.otaplatform.agent.VehicleCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --image-root} and {@code --director-root} options of every command that runs vehicle agents: the roots a
 * vehicle trusts, which by default are those provisioning handed over with its certificate.
 */
public final class TrustedRootOptions {
  @Option(names = "--image-root", paramLabel = "FILE",
      description = "trusted root metadata of the image repository (TUF JSON) instead of the one from provisioning; "
          + "signing-service serves it at /repo/image/1.root.json")
  Path imageRoot;

  @Option(names = "--director-root", paramLabel = "FILE",
      description = "trusted root metadata of the director repository (TUF JSON) instead of the one from provisioning; "
          + "checkin-service serves it at /repo/director/1.root.json")
  Path directorRoot;

  /**
   * The roots both files hold, read now; empty when neither option is given (the roots from provisioning apply). A
   * parameter error when only one is given or a file cannot be read.
   */
  public Optional<TrustedRoots> read(CommandLine command) {
    if (imageRoot == null && directorRoot == null) {
      return Optional.empty();
    }
    if (imageRoot == null || directorRoot == null) {
      throw new CommandLine.ParameterException(command, "--image-root and --director-root are given together, or neither"
          + " (then the roots from provisioning are trusted)");
    }
    try {
      return Optional.of(TrustedRoots.fromFiles(imageRoot, directorRoot));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(command, "cannot read a trusted root: " + e.getMessage());
    }
  }

  /** The roots {@code given} (see {@link #read}), else those the vehicle's provisioning handed over; a parameter error without either. */
  public static TrustedRoots orFromProvisioning(CommandLine command, Optional<TrustedRoots> given, VehicleCredentials credentials) {
    return given.or(credentials::trustedRoots).orElseThrow(() -> new CommandLine.ParameterException(command,
        "the vehicle's state holds no trusted roots from provisioning (it was provisioned by an older checkin-service):"
            + " give --image-root and --director-root, or provision it again"));
  }
}
