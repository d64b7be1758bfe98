package com.otaplatform.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The root metadata (TUF JSON) the vehicle trusts from the factory: of the image repository and of the director
 * repository. Everything else the agent installs must chain back to these.
 */
public record TrustedRoots(byte[] image, byte[] director) {

  public TrustedRoots {
    Objects.requireNonNull(image, "image root");
    Objects.requireNonNull(director, "director root");
    image = image.clone();
    director = director.clone();
  }

  /** Reads both roots from files, for example written at provisioning. */
  public static TrustedRoots fromFiles(Path image, Path director) throws IOException {
    return new TrustedRoots(Files.readAllBytes(image), Files.readAllBytes(director));
  }
}
