package com.otaplatform.deploy;

import java.nio.file.Path;

/** Where the chart, the overlays and the test values live, from the repository root. */
final class Paths {

  static final Path REPO_ROOT = Path.of(System.getProperty("ota.repo.root", "..")).toAbsolutePath().normalize();
  static final Path CHART = REPO_ROOT.resolve("helm/ota-platform");
  static final Path K8S = REPO_ROOT.resolve("k8s");
  static final Path TEST_VALUES = REPO_ROOT.resolve("helm/src/test/resources/values");

  private Paths() {
  }
}
