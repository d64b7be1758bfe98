package com.otaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;

/** The two ways to deploy must not drift apart: same services, environment, ports and hardening. */
class ChartAndKustomizeAgreeTest {

  @Test
  void shouldGiveEveryServiceTheSameEnvironmentVariablesPortsAndSecurity() {
    Manifests chart = new Manifests(ChartRenderer.render());
    Manifests kustomize = new Manifests(MiniKustomize.build(Paths.K8S.resolve("base")).stream()
        .map(StrictKubernetesParser::parse).toList());

    for (String service : Platform.SERVICES) {
      Container fromChart = chart.deploymentOf(service).getSpec().getTemplate().getSpec().getContainers().get(0);
      Container fromKustomize = kustomize.deploymentOf(service).getSpec().getTemplate().getSpec().getContainers().get(0);
      // kustomize shares one platform ConfigMap, so it may set more; never less.
      assertThat(kustomize.effectiveEnv(fromKustomize).keySet()).as("env of %s", service)
          .containsAll(chart.effectiveEnv(fromChart).keySet());
      assertThat(fromKustomize.getEnv()).as("secret refs of %s", service)
          .extracting(e -> e.getName()).containsExactlyInAnyOrderElementsOf(
              fromChart.getEnv().stream().map(e -> e.getName()).toList());
      assertThat(fromKustomize.getPorts()).as("ports of %s", service).isEqualTo(fromChart.getPorts());
      assertThat(fromKustomize.getLivenessProbe()).as("liveness of %s", service).isEqualTo(fromChart.getLivenessProbe());
      assertThat(fromKustomize.getReadinessProbe()).as("readiness of %s", service).isEqualTo(fromChart.getReadinessProbe());
      assertThat(fromKustomize.getStartupProbe()).as("startup of %s", service).isEqualTo(fromChart.getStartupProbe());
      assertThat(fromKustomize.getSecurityContext()).as("securityContext of %s", service).isEqualTo(fromChart.getSecurityContext());
    }
  }
}
