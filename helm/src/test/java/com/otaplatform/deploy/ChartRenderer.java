package com.otaplatform.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Renders the chart with the embedded Helm (helm-java), as `helm template` would. */
final class ChartRenderer {

  static final String RELEASE = "ota";
  static final String NAMESPACE = "ota-system";
  static final String KUBE_VERSION = "1.30.0";

  private ChartRenderer() {
  }

  /** `helm template ota <chart> -n ota-system -f <values...> --set k=v...`. */
  static String template(List<Path> valuesFiles, Map<String, Object> sets) {
    TemplateCommand command = new Helm(Paths.CHART).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    valuesFiles.forEach(command::withValuesFile);
    sets.forEach(command::set);
    return command.call();
  }

  static String template(String... valuesFiles) {
    return template(List.of(valuesFiles).stream().map(Paths.TEST_VALUES::resolve).toList(), Map.of());
  }

  static List<HasMetadata> render(String... valuesFiles) {
    return StrictKubernetesParser.parseAll(template(valuesFiles));
  }

  /** The NOTES.txt a user sees after `helm install` (client-only dry run: no cluster is contacted). */
  static String notes(String... valuesFiles) {
    var command = new Helm(Paths.CHART).install()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION)
        .clientOnly()
        .dryRun();
    for (String file : valuesFiles) {
      command.withValuesFile(Paths.TEST_VALUES.resolve(file));
    }
    return command.call().getOutput();
  }

  /** `helm lint --strict` (values files cannot be passed to helm-java's lint: it lints the chart defaults). */
  static LintResult lint() {
    return new Helm(Paths.CHART).lint().strict().call();
  }
}
