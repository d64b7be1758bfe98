package com.otaplatform.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A set of rendered objects, with look-ups by kind, name and app.kubernetes.io/name. */
record Manifests(List<HasMetadata> objects) {

  static final String NAME_LABEL = "app.kubernetes.io/name";

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
        + " among " + objects.stream().map(Manifests::describe).toList()));
  }

  /** The Deployment of a service, by its app.kubernetes.io/name label. */
  Deployment deploymentOf(String service) {
    return all(Deployment.class).stream()
        .filter(d -> service.equals(d.getMetadata().getLabels().get(NAME_LABEL)))
        .findFirst().orElseThrow(() -> new AssertionError("no Deployment for " + service));
  }

  Service serviceOf(String service) {
    return all(Service.class).stream()
        .filter(s -> service.equals(s.getMetadata().getLabels().get(NAME_LABEL)))
        .findFirst().orElseThrow(() -> new AssertionError("no Service for " + service));
  }

  /**
   * A container's environment as the kubelet builds it: envFrom ConfigMaps first, then env.
   * Values: the literal, "secretKeyRef:<secret>/<key>" or "configMapKeyRef:<map>/<key>".
   */
  Map<String, String> effectiveEnv(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        get(ConfigMap.class, from.getConfigMapRef().getName()).getData()
            .forEach((k, v) -> env.put(prefix + k, v));
      } else {
        throw new AssertionError("envFrom other than a ConfigMap in " + container.getName() + ": " + from);
      }
    }
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        var ref = var.getValueFrom().getSecretKeyRef();
        env.put(var.getName(), "secretKeyRef:" + ref.getName() + "/" + ref.getKey());
      } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = var.getValueFrom().getConfigMapKeyRef();
        env.put(var.getName(), get(ConfigMap.class, ref.getName()).getData().get(ref.getKey()));
      } else {
        env.put(var.getName(), "fieldRef");
      }
    }
    return env;
  }

  static String describe(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
