package com.otaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart: lint, render with several values files, strict parse and the essentials. */
class HelmChartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Manifests render(String... valuesFiles) {
    return new Manifests(ChartRenderer.render(valuesFiles));
  }

  private static Manifests renderWith(Map<String, Object> sets) {
    return new Manifests(StrictKubernetesParser.parseAll(ChartRenderer.template(List.of(), sets)));
  }

  @Test
  void shouldPassStrictLint() {
    var result = ChartRenderer.lint();
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", "minimal.yaml", "prod.yaml", "demo.yaml"})
  void shouldRenderStrictlyValidObjectsWithTheEssentials(String valuesFile) {
    Manifests manifests = valuesFile.isEmpty() ? render() : render(valuesFile);

    ManifestAssertions.assertEssentials(manifests);
    for (String service : Platform.SERVICES) {
      String name = ChartRenderer.RELEASE + "-" + service;
      manifests.get(Deployment.class, name);
      manifests.get(Service.class, name);
      manifests.get(ConfigMap.class, name);
      manifests.get(ServiceAccount.class, name);
    }
    assertThat(manifests.objects()).allSatisfy(o ->
        assertThat(o.getMetadata().getNamespace()).as("namespace of %s", Manifests.describe(o))
            .isEqualTo(ChartRenderer.NAMESPACE));
    assertThat(manifests.objects()).extracting(Manifests::describe).doesNotHaveDuplicates();
  }

  @Test
  void shouldAutoscaleCheckinServiceByDefault() {
    Manifests manifests = render();

    assertThat(manifests.all(HorizontalPodAutoscaler.class)).singleElement().satisfies(hpa -> {
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("ota-checkin-service");
      assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
      assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
    });
    // The HPA owns the replica count: the Deployment must not fight it on every upgrade.
    assertThat(manifests.get(Deployment.class, "ota-checkin-service").getSpec().getReplicas()).isNull();
    assertThat(manifests.get(Deployment.class, "ota-rollout-service").getSpec().getReplicas()).isEqualTo(2);
    assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(5);
    assertThat(manifests.all(ServiceMonitor.class)).isEmpty();
    assertThat(manifests.all(KeycloakRealmImport.class)).isEmpty();
    assertThat(manifests.all(Ingress.class)).isEmpty();
    assertThat(manifests.get(Deployment.class, "ota-console").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/otaplatform/console:0.1.0-SNAPSHOT");
  }

  @Test
  void shouldAllowIngressOnlyFromCallersAndMetricsScraper() {
    Manifests manifests = render();

    assertThat(manifests.all(NetworkPolicy.class)).hasSize(5)
        .allSatisfy(np -> assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress"));
    assertThat(allowedPods(manifests, "ota-artifact-service")).containsExactlyInAnyOrder("console", "rollout-service");
    assertThat(allowedPods(manifests, "ota-signing-service")).containsExactlyInAnyOrder("console", "checkin-service");
    assertThat(allowedPods(manifests, "ota-rollout-service")).containsExactlyInAnyOrder("console", "checkin-service");
    for (String internal : List.of("ota-artifact-service", "ota-signing-service", "ota-rollout-service")) {
      List<NetworkPolicyIngressRule> rules = manifests.get(NetworkPolicy.class, internal).getSpec().getIngress();
      assertThat(rules).as("rules of %s", internal).allSatisfy(r -> assertThat(r.getFrom()).isNotEmpty());
      assertThat(rules).flatMap(NetworkPolicyIngressRule::getFrom)
          .as("metrics scraper may reach %s", internal)
          .anyMatch(p -> p.getNamespaceSelector() != null
              && "monitoring".equals(p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
    }
    // Vehicles (checkin, also on the mutual-TLS vehicle port) and operators' browsers (console) come from anywhere,
    // on the service ports only.
    Map<String, List<String>> externalPorts = Map.of("ota-checkin-service", List.of("http", "vehicles"), "ota-console", List.of("http"));
    externalPorts.forEach((external, ports) ->
      assertThat(manifests.get(NetworkPolicy.class, external).getSpec().getIngress()).singleElement().satisfies(r -> {
        assertThat(r.getFrom()).isNullOrEmpty();
        assertThat(r.getPorts()).extracting(p -> p.getPort().getStrVal()).containsExactlyElementsOf(ports);
      }));
  }

  private static Set<String> allowedPods(Manifests manifests, String policy) {
    Set<String> names = new HashSet<>();
    for (NetworkPolicyIngressRule rule : manifests.get(NetworkPolicy.class, policy).getSpec().getIngress()) {
      for (NetworkPolicyPeer peer : rule.getFrom()) {
        if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null) {
          names.add(peer.getPodSelector().getMatchLabels().get(Manifests.NAME_LABEL));
        }
      }
    }
    return names;
  }

  @Test
  void shouldRenderEveryOptionalFeatureWhenProdValuesEnableThem() {
    Manifests manifests = render("prod.yaml");

    assertThat(manifests.all(HorizontalPodAutoscaler.class))
        .extracting(h -> h.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrder("ota-checkin-service", "ota-rollout-service");
    assertThat(manifests.all(ServiceMonitor.class)).hasSize(5).allSatisfy(sm -> {
      assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
      assertThat(sm.getSpec().getEndpoints()).singleElement().satisfies(e -> {
        assertThat(e.getPath()).isEqualTo("/q/metrics");
        assertThat(e.getPort()).isEqualTo("http");
        assertThat(e.getInterval()).isEqualTo("15s");
      });
    });
    assertThat(manifests.all(Ingress.class)).extracting(i -> i.getSpec().getRules().get(0).getHost())
        .containsExactlyInAnyOrder("ota.example.com", "artifacts.ota.example.com", "checkin.ota.example.com");
    assertThat(image(manifests, "checkin-service")).isEqualTo("registry.example.com/ota/checkin-service:1.4.2");
    assertThat(image(manifests, "artifact-service")).isEqualTo("registry.example.com/ota/artifact-service:1.4.3-hotfix1");
    Deployment checkin = manifests.get(Deployment.class, "ota-checkin-service");
    assertThat(checkin.getSpec().getTemplate().getSpec().getImagePullSecrets())
        .extracting(r -> r.getName()).containsExactly("registry-credentials");
    Map<String, String> env = manifests.effectiveEnv(checkin.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(env).containsEntry("OTA_POLL_INTERVAL", "10M")
        .containsEntry("QUARKUS_THREAD_POOL_MAX_THREADS", "400")
        .containsEntry("OTA_DB_PASSWORD", "secretKeyRef:ota-db-app/password")
        .containsEntry("OTA_S3_SECRET_KEY", "secretKeyRef:ota-minio/secret-key");
    assertThat(manifests.get(PodDisruptionBudget.class, "ota-rollout-service").getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
    // artifact-service opened to otactl through its ingress.
    assertThat(manifests.get(NetworkPolicy.class, "ota-artifact-service").getSpec().getIngress())
        .singleElement().satisfies(r -> assertThat(r.getFrom()).isNullOrEmpty());
  }

  private static String image(Manifests manifests, String service) {
    return manifests.deploymentOf(service).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @Test
  void shouldRenderOnlyTheCoreObjectsWithMinimalValues() {
    Manifests manifests = render("minimal.yaml");

    assertThat(manifests.objects()).extracting(HasMetadata::getKind).containsOnly(
        "Deployment", "Service", "ConfigMap", "ServiceAccount");
    assertThat(manifests.all(ConfigMap.class)).hasSize(5);
    assertThat(manifests.get(Deployment.class, "ota-checkin-service").getSpec().getReplicas()).isEqualTo(1);
    assertThat(manifests.get(Deployment.class, "ota-checkin-service").getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey("prometheus.io/scrape");
  }

  @Test
  void shouldDropADisabledServiceAndItsPeerSettings() {
    Manifests manifests = renderWith(Map.of("services.signingService.enabled", false));

    assertThat(manifests.objects()).noneMatch(o -> o.getMetadata().getName().equals("ota-signing-service"));
    Container console = manifests.get(Deployment.class, "ota-console").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(manifests.effectiveEnv(console)).doesNotContainKey("OTA_SIGNING_HOST").containsKey("OTA_ARTIFACT_HOST");
    ManifestAssertions.assertEssentials(manifests);
  }

  @Test
  void shouldRejectValuesThatTheSchemaDoesNotKnow() {
    assertThatThrownBy(() -> ChartRenderer.template(List.of(), Map.of("services.checkinService.replicaCont", 3)))
        .hasMessageContaining("replicaCont");
    assertThatThrownBy(() -> ChartRenderer.template(List.of(), Map.of("services.checkinService.replicaCount", "three")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> ChartRenderer.template(List.of(), Map.of("database.url", "postgres://db/ota")))
        .hasMessageContaining("database");
    assertThatThrownBy(() -> ChartRenderer.template(List.of(), Map.of("databse.url", "jdbc:postgresql://db/ota")))
        .hasMessageContaining("databse");
  }

  @Test
  void shouldTellHowToReachTheConsoleAndLogIn() {
    String notes = ChartRenderer.notes();
    assertThat(notes).contains("kubectl -n ota-system port-forward svc/ota-console 8080:8080")
        .contains("https://keycloak.example.com/realms/ota")
        .contains("create secret generic ota-postgresql")
        .doesNotContain("demo-operator");
    assertThat(ChartRenderer.notes("demo.yaml")).contains("operator / demo-operator");
    assertThat(ChartRenderer.notes("prod.yaml")).contains("https://ota.example.com/")
        .contains("get keycloakrealmimports ota-realm");
  }

  // --- The Keycloak realm

  @Test
  void shouldShipTheDevRealmUnchangedAsTheChartsRealmSource() throws IOException {
    JsonNode chartCopy = JSON.readTree(Files.readString(Paths.CHART.resolve("files/ota-realm.json")));
    JsonNode devRealm = JSON.readTree(Files.readString(Paths.REPO_ROOT.resolve("dev/keycloak/ota-realm.json")));

    assertThat(chartCopy).as("helm/ota-platform/files/ota-realm.json must be a copy of dev/keycloak/ota-realm.json")
        .isEqualTo(devRealm);
  }

  @Test
  void shouldRenderAProductionRealmWithoutDemoUsersOrFixedSecrets() throws IOException {
    Manifests manifests = render("prod.yaml");
    JsonNode realm = JSON.readTree(manifests.get(ConfigMap.class, "ota-realm").getData().get("ota-realm.json"));
    KeycloakRealmImport realmImport = manifests.get(KeycloakRealmImport.class, "ota-realm");

    assertThat(realmImport.getSpec().realm).as("the import and the ConfigMap carry the same realm").isEqualTo(realm);
    assertThat(realmImport.getSpec().keycloakCRName).isEqualTo("sso");
    assertThat(realm.path("realm").asText()).isEqualTo("ota");
    assertThat(realm.path("sslRequired").asText()).isEqualTo("external");
    assertThat(realm.findValues("credentials")).as("no user has a password").isEmpty();
    assertThat(realm.path("users")).allSatisfy(u -> assertThat(u.has("serviceAccountClientId")).isTrue());
    assertThat(realm.path("clients")).extracting(c -> c.path("clientId").asText())
        .containsExactlyInAnyOrder("otactl", "ota-ci", "ota-services", "ota-console");
    JsonNode console = client(realm, "ota-console");
    assertThat(console.path("redirectUris")).extracting(JsonNode::asText).containsExactly("https://ota.example.com/*");
    // Every confidential client secret is a placeholder the operator resolves from an existing Secret.
    Set<String> placeholders = new HashSet<>();
    for (JsonNode client : realm.path("clients")) {
      if (client.has("secret")) {
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(client.path("secret").asText());
        assertThat(m.matches()).as("secret of %s is a placeholder", client.path("clientId").asText()).isTrue();
        placeholders.add(m.group(1));
      }
    }
    assertThat(placeholders).containsExactlyInAnyOrder("OTA_CONSOLE_SECRET", "OTA_SERVICES_SECRET", "OTA_CI_SECRET");
    assertThat(realmImport.getSpec().placeholders).containsOnlyKeys(placeholders.toArray(String[]::new))
        .allSatisfy((k, p) -> assertThat(p.secret.name).isEqualTo("ota-oidc-clients"));
  }

  @Test
  void shouldIncludeDemoUsersOnlyWhenAskedTo() throws IOException {
    Manifests manifests = render("demo.yaml");
    JsonNode realm = JSON.readTree(manifests.get(ConfigMap.class, "ota-realm").getData().get("ota-realm.json"));

    assertThat(realm.path("users")).extracting(u -> u.path("username").asText())
        .contains("rel-eng", "operator", "viewer", "fleet-admin");
    assertThat(client(realm, "ota-test").path("directAccessGrantsEnabled").asBoolean()).isTrue();
    assertThat(client(realm, "ota-console").path("redirectUris")).extracting(JsonNode::asText)
        .contains("http://localhost:8080/*", "http://127.0.0.1:8080/*");
    assertThat(manifests.get(KeycloakRealmImport.class, "ota-realm").getSpec().placeholders).isNull();
  }

  private static JsonNode client(JsonNode realm, String clientId) {
    return Stream.of(realm.path("clients")).flatMap(c -> c.findParents("clientId").stream())
        .filter(c -> clientId.equals(c.path("clientId").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no client " + clientId));
  }
}
