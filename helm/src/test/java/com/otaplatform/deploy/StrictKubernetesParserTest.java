package com.otaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict parser fails on what the API server would reject or silently drop. */
class StrictKubernetesParserTest {

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: checkin-service
      spec:
        replicas: 2
        selector:
          matchLabels: {app.kubernetes.io/name: checkin-service}
        template:
          metadata:
            labels: {app.kubernetes.io/name: checkin-service}
          spec:
            containers:
              - name: checkin-service
                image: checkin-service:1
                ports: [{name: http, containerPort: 8084}]
                livenessProbe:
                  httpGet: {path: /q/health/live, port: http}
      """;

  @Test
  void shouldParseAValidDeployment() {
    var deployment = (Deployment) StrictKubernetesParser.parseAll(DEPLOYMENT).get(0);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getLivenessProbe()
        .getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(deployment.getAdditionalProperties()).isEmpty();
  }

  @Test
  void shouldRejectAMisspelledTopLevelSpecField() {
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(DEPLOYMENT.replace("replicas: 2", "replica: 2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Deployment checkin-service")
        .hasMessageContaining("Unrecognized field \"replica\"");
  }

  @Test
  void shouldRejectAMisspelledFieldDeepInsideThePodTemplate() {
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(DEPLOYMENT.replace("httpGet:", "httpget:")))
        .hasMessageContaining("Unrecognized field \"httpget\"")
        .hasMessageContaining("livenessProbe");
  }

  @Test
  void shouldRejectAFieldAtTheWrongLevel() {
    // A probe belongs to the container, not to the pod spec: Fabric8 alone would keep it as an additional property.
    String misplaced = DEPLOYMENT.replace("      containers:", "      readinessProbe: {httpGet: {path: /q/health/ready, port: http}}\n      containers:");
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(misplaced))
        .hasMessageContaining("Unrecognized field \"readinessProbe\"");
  }

  @Test
  void shouldRejectWrongScalarTypes() {
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
        .hasMessageContaining("replicas");
    String numericConfig = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: checkin-service}
        data:
          QUARKUS_HTTP_PORT: 8084
        """;
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(numericConfig)).hasMessageContaining("QUARKUS_HTTP_PORT");
    assertThat(((ConfigMap) StrictKubernetesParser.parseAll(numericConfig.replace("8084", "\"8084\"")).get(0))
        .getData()).containsEntry("QUARKUS_HTTP_PORT", "8084");
  }

  @Test
  void shouldRejectDuplicateKeysAndUnknownKinds() {
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  replicas: 3")))
        .hasMessageContaining("replicas");
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(DEPLOYMENT.replace("apps/v1", "apps/v1beta1")))
        .hasMessageContaining("Unknown apiVersion/kind apps/v1beta1/Deployment");
  }

  @Test
  void shouldRejectAMisspelledFieldOfTheRealmImport() {
    String realmImport = """
        apiVersion: k8s.keycloak.org/v2alpha1
        kind: KeycloakRealmImport
        metadata: {name: ota-realm}
        spec:
          keycloakCRName: keycloak
          realm: {realm: ota}
          placeholders:
            OTA_CI_SECRET: {secret: {name: ota-oidc-clients, key: ota-ci}}
        """;
    assertThat(StrictKubernetesParser.parseAll(realmImport)).singleElement().isInstanceOf(KeycloakRealmImport.class);
    assertThatThrownBy(() -> StrictKubernetesParser.parseAll(realmImport.replace("keycloakCRName", "keycloakCrName")))
        .hasMessageContaining("keycloakCrName");
  }
}
