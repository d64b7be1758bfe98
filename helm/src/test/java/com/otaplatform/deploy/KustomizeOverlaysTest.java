package com.otaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The kustomize base and overlays: render, strict parse and the essentials. */
class KustomizeOverlaysTest {

  private static Manifests build(String dir) {
    List<ObjectNode> objects = MiniKustomize.build(Paths.K8S.resolve(dir));
    return new Manifests(objects.stream().map(StrictKubernetesParser::parse).toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void shouldRenderStrictlyValidObjectsWithTheEssentials(String dir) {
    Manifests manifests = build(dir);

    ManifestAssertions.assertEssentials(manifests);
    assertThat(manifests.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(Platform.SERVICES);
    assertThat(manifests.objects()).extracting(Manifests::describe).doesNotHaveDuplicates();
  }

  @Test
  void shouldRunOneSmallReplicaOfEachServiceInDev() {
    Manifests manifests = build("overlays/dev");

    assertThat(manifests.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("ota-dev"));
    assertThat(manifests.all(Deployment.class)).allSatisfy(d -> {
      assertThat(d.getSpec().getReplicas()).isEqualTo(1);
      var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
      assertThat(container.getImage()).endsWith(":main");
    });
    assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(manifests.get(ConfigMap.class, "ota-platform").getData())
        .containsEntry("OTA_DB_URL", "jdbc:postgresql://postgresql.ota-dev.svc:5432/ota_dev")
        .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
  }

  @Test
  void shouldAutoscaleCheckinAndBudgetDisruptionsInProd() {
    Manifests manifests = build("overlays/prod");

    assertThat(manifests.all(HorizontalPodAutoscaler.class)).singleElement().satisfies(hpa ->
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("checkin-service"));
    assertThat(manifests.all(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(Platform.SERVICES);
    Deployment checkin = manifests.get(Deployment.class, "checkin-service");
    var container = checkin.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    assertThat(container.getImage()).isEqualTo("ghcr.io/otaplatform/checkin-service:0.1.0");
    // The strategic merge kept the rest of the container.
    assertThat(container.getLivenessProbe()).isNotNull();
    assertThat(container.getEnv()).extracting(e -> e.getName()).contains("OTA_DB_PASSWORD");
    assertThat(manifests.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(3));
  }

  /** Where kubectl (with its built-in kustomize) exists, MiniKustomize must render exactly what it renders. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void shouldRenderWhatKubectlKustomizeRenders(String dir) throws Exception {
    Path kubectl = findOnPath("kubectl");
    assumeThat(kubectl).as("kubectl on PATH").isNotNull();
    Process process = new ProcessBuilder(kubectl.toString(), "kustomize", Paths.K8S.resolve(dir).toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    Map<String, JsonNode> expected = byId(StrictKubernetesParser.readDocuments(output));
    Map<String, JsonNode> actual = byId(List.copyOf(MiniKustomize.build(Paths.K8S.resolve(dir))));
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    actual.forEach((id, node) -> assertThat(node).as(id).isEqualTo(expected.get(id)));
  }

  private static Map<String, JsonNode> byId(List<JsonNode> objects) {
    return objects.stream().collect(Collectors.toMap(
        o -> o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText(),
        o -> o, (a, b) -> { throw new AssertionError("duplicate " + a); }, TreeMap::new));
  }

  private static Path findOnPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void shouldMergeContainersByNameAndReplaceOtherLists() throws IOException {
    ObjectNode deployment = (ObjectNode) StrictKubernetesParser.readTree("""
        spec:
          template:
            spec:
              containers:
                - {name: a, image: a:1, args: [x, y]}
                - {name: b, image: b:1}
        """);
    MiniKustomize.strategicMerge(deployment, StrictKubernetesParser.readTree("""
        spec:
          template:
            spec:
              containers:
                - {name: b, image: b:2, args: [z]}
        """));

    JsonNode containers = deployment.at("/spec/template/spec/containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("image").asText()).isEqualTo("a:1");
    assertThat(containers.get(1).path("image").asText()).isEqualTo("b:2");
    assertThat(containers.get(1).path("args")).extracting(JsonNode::asText).containsExactly("z");
  }
}
