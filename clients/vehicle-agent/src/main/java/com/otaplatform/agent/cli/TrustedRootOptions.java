package com.otaplatform.agent.cli;

import com.otaplatform.agent.TrustedRoots;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --image-root} and {@code --director-root} options of every command that runs vehicle agents. */
public final class TrustedRootOptions {
  @Option(names = "--image-root", required = true, paramLabel = "FILE",
      description = "trusted root metadata of the image repository (TUF JSON, from provisioning; "
          + "signing-service serves it at /repo/image/1.root.json)")
  Path imageRoot;

  @Option(names = "--director-root", required = true, paramLabel = "FILE",
      description = "trusted root metadata of the director repository (TUF JSON, from provisioning; "
          + "checkin-service serves it at /repo/director/1.root.json)")
  Path directorRoot;

  /** Both roots, read from their files; a parameter error naming the file when one cannot be read. */
  public TrustedRoots read(CommandLine command) {
    try {
      return TrustedRoots.fromFiles(imageRoot, directorRoot);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(command, "cannot read a trusted root: " + e.getMessage());
    }
  }
}
