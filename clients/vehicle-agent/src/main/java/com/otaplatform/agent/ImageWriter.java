package com.otaplatform.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a verified image into a slot (on a real ECU: flashing the inactive partition). Pluggable
 * so the fleet simulator can inject install failures.
 */
@FunctionalInterface
public interface ImageWriter {

  void write(Path image, Path destination) throws IOException;

  /** Streams the image into {@code destination} and fsyncs it. */
  static ImageWriter copying() {
    return copying(true);
  }

  /** Streams the image into {@code destination}, fsyncing it when {@code sync}. */
  static ImageWriter copying(boolean sync) {
    return (image, destination) -> {
      try (InputStream in = Files.newInputStream(image);
          FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        in.transferTo(Channels.newOutputStream(out));
        if (sync) {
          out.force(true);
        }
      }
    };
  }
}
