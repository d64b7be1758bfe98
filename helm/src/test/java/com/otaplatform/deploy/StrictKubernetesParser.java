package com.otaplatform.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests strictly against the Kubernetes API model: an unknown or misspelled
 * field, a wrong scalar type or an unknown apiVersion/kind fails instead of being dropped.
 */
public final class StrictKubernetesParser {

  /** The API types the chart and the overlays may render, by "apiVersion/kind". */
  static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Namespace", Namespace.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
      Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
      Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
      Map.entry("k8s.keycloak.org/v2alpha1/KeycloakRealmImport", KeycloakRealmImport.class));

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final ObjectMapper STRICT = createStrictMapper();

  private StrictKubernetesParser() {
  }

  /** The strict mapper: no unknown properties anywhere, not even in Fabric8's catch-all maps. */
  static ObjectMapper createStrictMapper() {
    SimpleModule noCatchAll = new SimpleModule("no-additional-properties");
    noCatchAll.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription beanDesc,
          BeanDeserializerBuilder builder) {
        // Fabric8 models route unknown fields into additionalProperties through @JsonAnySetter;
        // without it, FAIL_ON_UNKNOWN_PROPERTIES applies to them like to any bean.
        builder.setAnySetter(null);
        return builder;
      }
    });
    JsonMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .addModule(noCatchAll)
        .build();
    // The API server rejects `replicas: "2"` and `data: {PORT: 8080}`: so do we.
    for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Boolean, LogicalType.Float)) {
      mapper.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
    }
    return mapper;
  }

  /** Splits a multi-document YAML stream into its (non-empty) documents. */
  public static List<JsonNode> readDocuments(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (var iterator = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (iterator.hasNextValue()) {
        JsonNode node = iterator.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
          documents.add(node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Invalid YAML: " + e.getMessage(), e);
    }
    return documents;
  }

  /** Parses every document of a multi-document YAML stream strictly. */
  public static List<HasMetadata> parseAll(String yaml) {
    return readDocuments(yaml).stream().map(StrictKubernetesParser::parse).toList();
  }

  /** Parses one object strictly; the message names the object and the offending path. */
  public static HasMetadata parse(JsonNode node) {
    String apiVersion = node.path("apiVersion").asText();
    String kind = node.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
    String name = node.path("metadata").path("name").asText("<no name>");
    if (type == null) {
      throw new IllegalArgumentException("Unknown apiVersion/kind " + apiVersion + "/" + kind + " of " + name);
    }
    try {
      return STRICT.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(kind + " " + name + ": " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads YAML into a tree (for the kustomize renderer and raw checks). */
  public static JsonNode readTree(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectMapper yaml() {
    return YAML;
  }
}
