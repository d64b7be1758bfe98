package com.otaplatform.agent;

import com.otaplatform.common.v1.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What is installed in a slot: the target name, version and digests reported in manifests, and the release counter
 * signed for it (an image with a lower one is refused as a rollback).
 */
public record InstalledImage(String targetName, String version, Digests digests, long releaseCounter) {

  public InstalledImage {
    targetName = targetName == null ? "" : targetName;
    version = version == null ? "" : version;
    digests = digests == null ? Digests.getDefaultInstance() : digests;
  }

  byte[] toProperties() {
    Properties p = new Properties();
    p.setProperty("target", targetName);
    p.setProperty("version", version);
    p.setProperty("sha256", digests.getSha256());
    p.setProperty("sha512", digests.getSha512());
    p.setProperty("length", Long.toString(digests.getLength()));
    p.setProperty("releaseCounter", Long.toString(releaseCounter));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      p.store(out, "installed image");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  static InstalledImage fromProperties(byte[] bytes) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
    return new InstalledImage(
        p.getProperty("target", ""),
        p.getProperty("version", ""),
        Digests.newBuilder()
            .setSha256(p.getProperty("sha256", ""))
            .setSha512(p.getProperty("sha512", ""))
            .setLength(Long.parseLong(p.getProperty("length", "0")))
            .build(),
        Long.parseLong(p.getProperty("releaseCounter", "0")));
  }
}
