package com.otaplatform.agent;

import com.otaplatform.common.v1.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes the length, SHA-256 and SHA-512 of a file, streaming it. */
public final class Digester {
  private static final HexFormat HEX = HexFormat.of();

  private Digester() {}

  public static Digests digest(Path file) throws IOException {
    MessageDigest sha256 = newDigest("SHA-256");
    MessageDigest sha512 = newDigest("SHA-512");
    long length = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        sha512.update(buffer, 0, n);
        length += n;
      }
    }
    return Digests.newBuilder()
        .setSha256(HEX.formatHex(sha256.digest()))
        .setSha512(HEX.formatHex(sha512.digest()))
        .setLength(length)
        .build();
  }

  public static Digests digest(byte[] bytes) {
    return Digests.newBuilder()
        .setSha256(HEX.formatHex(newDigest("SHA-256").digest(bytes)))
        .setSha512(HEX.formatHex(newDigest("SHA-512").digest(bytes)))
        .setLength(bytes.length)
        .build();
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
