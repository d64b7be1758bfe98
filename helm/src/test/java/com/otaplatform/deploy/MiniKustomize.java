package com.otaplatform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of `kustomize build` that k8s/ uses, for machines without kubectl: resources (files and
 * directories), namespace, images, and patches (strategic merge or JSON 6902, from a path or inline,
 * with an optional kind/name target). Any other kustomization field fails, so the overlays cannot
 * silently outgrow it; where kubectl exists, the tests compare the two renderings.
 */
final class MiniKustomize {

  private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");

  /** Strategic-merge keys of the lists the overlays may patch (as in the Kubernetes API's patchMergeKey). */
  private static final Map<String, String> MERGE_KEYS = Map.of(
      "containers", "name",
      "initContainers", "name",
      "env", "name",
      "volumes", "name",
      "volumeMounts", "mountPath",
      "ports", "containerPort",
      "imagePullSecrets", "name");

  private MiniKustomize() {
  }

  /** Builds the kustomization in a directory into its list of objects. */
  static List<ObjectNode> build(Path dir) {
    JsonNode kustomization = StrictKubernetesParser.readTree(read(dir.resolve("kustomization.yaml")));
    kustomization.fieldNames().forEachRemaining(field -> {
      if (!SUPPORTED.contains(field)) {
        throw new IllegalArgumentException(dir + ": kustomization field '" + field + "' is not supported by MiniKustomize");
      }
    });
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        objects.addAll(build(path));
      } else {
        StrictKubernetesParser.readDocuments(read(path)).forEach(d -> objects.add((ObjectNode) d));
      }
    }
    for (JsonNode patch : kustomization.path("patches")) {
      applyPatch(dir, patch, objects);
    }
    if (kustomization.hasNonNull("namespace")) {
      String namespace = kustomization.get("namespace").asText();
      objects.forEach(o -> ((ObjectNode) o.with("metadata")).put("namespace", namespace));
    }
    for (JsonNode image : kustomization.path("images")) {
      objects.forEach(o -> setImage(o, image));
    }
    return objects;
  }

  private static void applyPatch(Path dir, JsonNode spec, List<ObjectNode> objects) {
    String text = spec.has("path") ? read(dir.resolve(spec.get("path").asText())) : spec.path("patch").asText();
    JsonNode patch = StrictKubernetesParser.readTree(text);
    JsonNode target = spec.path("target");
    int matched = 0;
    for (int i = 0; i < objects.size(); i++) {
      ObjectNode object = objects.get(i);
      boolean selected = target.isMissingNode()
          ? !patch.isArray() && sameObject(object, patch)
          : matchesTarget(object, target);
      if (!selected) {
        continue;
      }
      matched++;
      if (patch.isArray()) {
        objects.set(i, (ObjectNode) JsonPatch.apply(patch, object));
      } else {
        strategicMerge(object, patch);
      }
    }
    if (matched == 0) {
      throw new IllegalArgumentException(dir + ": patch " + spec + " matches no object");
    }
  }

  private static boolean sameObject(JsonNode object, JsonNode patch) {
    return object.path("kind").equals(patch.path("kind"))
        && object.path("metadata").path("name").equals(patch.path("metadata").path("name"));
  }

  private static boolean matchesTarget(JsonNode object, JsonNode target) {
    for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      String expected = target.get(field).asText();
      String actual = switch (field) {
        case "kind" -> object.path("kind").asText();
        case "name" -> object.path("metadata").path("name").asText();
        default -> throw new IllegalArgumentException("patch target field '" + field + "' is not supported");
      };
      if (!expected.equals(actual)) {
        return false;
      }
    }
    return true;
  }

  /** Strategic merge: maps merge, null deletes, keyed lists merge by key, other lists are replaced. */
  static void strategicMerge(ObjectNode target, JsonNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.startsWith("$")) {
        throw new IllegalArgumentException("strategic merge directive " + key + " is not supported");
      }
      JsonNode current = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && current != null && current.isObject()) {
        strategicMerge((ObjectNode) current, value);
      } else if (value.isArray() && current != null && current.isArray() && MERGE_KEYS.containsKey(key)) {
        mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(key));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private static void mergeList(ArrayNode current, ArrayNode patch, String mergeKey) {
    for (JsonNode item : patch) {
      JsonNode key = item.get(mergeKey);
      if (key == null) {
        throw new IllegalArgumentException("list item without merge key " + mergeKey + ": " + item);
      }
      ObjectNode existing = null;
      for (JsonNode candidate : current) {
        if (key.equals(candidate.get(mergeKey))) {
          existing = (ObjectNode) candidate;
        }
      }
      if (existing == null) {
        current.add(item.deepCopy());
      } else {
        strategicMerge(existing, item);
      }
    }
  }

  private static void setImage(ObjectNode object, JsonNode image) {
    JsonNode podSpec = object.path("spec").path("template").path("spec");
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : podSpec.path(list)) {
        String ref = container.path("image").asText();
        int at = ref.indexOf('@');
        int colon = ref.lastIndexOf(':');
        int slash = ref.lastIndexOf('/');
        int end = at >= 0 ? at : colon > slash ? colon : ref.length();
        String name = ref.substring(0, end);
        if (!name.equals(image.path("name").asText())) {
          continue;
        }
        String newName = image.has("newName") ? image.get("newName").asText() : name;
        String suffix = image.has("digest") ? "@" + image.get("digest").asText()
            : image.has("newTag") ? ":" + image.get("newTag").asText() : ref.substring(end);
        ((ObjectNode) container).set("image", TextNode.valueOf(newName + suffix));
      }
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
