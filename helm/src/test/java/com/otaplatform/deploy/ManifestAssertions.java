package com.otaplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The essentials every rendering (chart or overlay) must satisfy. */
final class ManifestAssertions {

  private ManifestAssertions() {
  }

  static void assertEssentials(Manifests manifests) {
    assertThat(manifests.objects()).isNotEmpty();
    assertEveryObjectLabelled(manifests);
    assertNoSecretMaterial(manifests);
    manifests.all(Deployment.class).forEach(d -> assertDeploymentHardened(manifests, d));
    manifests.all(Deployment.class).forEach(d -> assertServiceEnvironment(manifests, d));
    manifests.all(Service.class).forEach(s -> assertServiceRoutesToPods(manifests, s));
    manifests.all(HorizontalPodAutoscaler.class).forEach(h -> assertHpaTargetsDeployment(manifests, h));
    manifests.all(PodDisruptionBudget.class).forEach(p ->
        assertSelectsPods(manifests, p.getSpec().getSelector(), Manifests.describe(p)));
    manifests.all(NetworkPolicy.class).forEach(n ->
        assertSelectsPods(manifests, n.getSpec().getPodSelector(), Manifests.describe(n)));
  }

  static void assertEveryObjectLabelled(Manifests manifests) {
    for (HasMetadata o : manifests.objects()) {
      assertThat(o.getMetadata().getLabels()).as("labels of %s", Manifests.describe(o))
          .containsKeys(Platform.RECOMMENDED_LABELS.toArray(String[]::new))
          .containsEntry("app.kubernetes.io/part-of", "ota-platform");
      assertThat(o.getMetadata().getLabels().values()).as("label values of %s", Manifests.describe(o))
          .allSatisfy(v -> assertThat(v).matches("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]?"));
    }
    for (Deployment d : manifests.all(Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as("pod labels of %s", Manifests.describe(d))
          .containsKeys(Platform.RECOMMENDED_LABELS.toArray(String[]::new))
          .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      assertThat(d.getSpec().getSelector().getMatchExpressions()).isNullOrEmpty();
    }
  }

  /** No Secret is rendered and no secret value is inline: every secret comes from an existing Secret. */
  static void assertNoSecretMaterial(Manifests manifests) {
    assertThat(manifests.all(Secret.class)).as("Secrets rendered").isEmpty();
    for (Deployment d : manifests.all(Deployment.class)) {
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        for (EnvVar var : c.getEnv()) {
          if (Platform.SECRET_NAME.matcher(var.getName()).matches()) {
            assertThat(var.getValue()).as("inline value of %s in %s", var.getName(), Manifests.describe(d)).isNull();
            assertThat(var.getValueFrom()).as("valueFrom of %s", var.getName()).isNotNull();
            assertThat(var.getValueFrom().getSecretKeyRef()).as("secretKeyRef of %s", var.getName()).isNotNull();
            assertThat(var.getValueFrom().getSecretKeyRef().getOptional()).as("optional secret %s", var.getName())
                .isNotEqualTo(Boolean.TRUE);
          }
        }
      }
    }
    for (ConfigMap cm : manifests.all(ConfigMap.class)) {
      Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
      assertThat(data.keySet()).as("secret-like keys in %s", Manifests.describe(cm))
          .noneMatch(k -> Platform.SECRET_NAME.matcher(k).matches());
    }
  }

  static void assertDeploymentHardened(Manifests manifests, Deployment d) {
    String what = Manifests.describe(d);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    PodSecurityContext podSecurity = pod.getSecurityContext();
    assertThat(pod.getContainers()).as("containers of %s", what).isNotEmpty();
    assertThat(pod.getAutomountServiceAccountToken()).as("token automount of %s", what).isFalse();
    for (Container c : pod.getContainers()) {
      String where = what + "/" + c.getName();
      assertThat(c.getImage()).as("image of %s", where).isNotBlank().doesNotEndWith(":latest").contains(":");
      // Probes on the SmallRye Health endpoints, through the container's own port.
      assertHttpProbe(c, c.getLivenessProbe(), "/q/health/live", where);
      assertHttpProbe(c, c.getReadinessProbe(), "/q/health/ready", where);
      // Requests and limits for CPU and memory, limits not below requests.
      var resources = c.getResources();
      assertThat(resources).as("resources of %s", where).isNotNull();
      for (String r : new String[] {"cpu", "memory"}) {
        Quantity request = resources.getRequests().get(r);
        Quantity limit = resources.getLimits().get(r);
        assertThat(request).as("%s request of %s", r, where).isNotNull();
        assertThat(limit).as("%s limit of %s", r, where).isNotNull();
        assertThat(limit.getNumericalAmount()).as("%s limit >= request in %s", r, where)
            .isGreaterThanOrEqualTo(request.getNumericalAmount());
      }
      // Non-root (uid 185 as the Quarkus images), no privilege escalation, nothing writable but /tmp.
      SecurityContext sc = c.getSecurityContext();
      assertThat(sc).as("securityContext of %s", where).isNotNull();
      Boolean runAsNonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
          : podSecurity == null ? null : podSecurity.getRunAsNonRoot();
      Long runAsUser = sc.getRunAsUser() != null ? sc.getRunAsUser()
          : podSecurity == null ? null : podSecurity.getRunAsUser();
      assertThat(runAsNonRoot).as("runAsNonRoot of %s", where).isTrue();
      assertThat(runAsUser).as("runAsUser of %s", where).isEqualTo(185L);
      assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", where).isFalse();
      assertThat(sc.getPrivileged()).as("privileged %s", where).isNotEqualTo(Boolean.TRUE);
      assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", where).isTrue();
      assertThat(sc.getCapabilities()).as("capabilities of %s", where).isNotNull();
      assertThat(sc.getCapabilities().getDrop()).as("dropped capabilities of %s", where).contains("ALL");
      assertThat(sc.getCapabilities().getAdd()).as("added capabilities of %s", where).isNullOrEmpty();
      String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
          : podSecurity != null && podSecurity.getSeccompProfile() != null ? podSecurity.getSeccompProfile().getType() : null;
      assertThat(seccomp).as("seccompProfile of %s", where).isEqualTo("RuntimeDefault");
      VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
          .orElseThrow(() -> new AssertionError("no /tmp mount in " + where));
      Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("no volume " + tmp.getName() + " in " + what));
      assertThat(volume.getEmptyDir()).as("/tmp of %s is an emptyDir", where).isNotNull();
    }
  }

  private static void assertHttpProbe(Container c, Probe probe, String path, String where) {
    assertThat(probe).as("%s probe of %s", path, where).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as("%s probe of %s is httpGet", path, where).isNotNull();
    assertThat(get.getPath()).as("probe path of %s", where).isEqualTo(path);
    assertThat(resolvePort(c, get.getPort())).as("probe port of %s", where).isNotNull();
  }

  private static Integer resolvePort(Container c, IntOrString port) {
    if (port == null) {
      return null;
    }
    return c.getPorts().stream()
        .filter(p -> port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst().orElse(null);
  }

  /** The environment the Quarkus service needs, fully resolved (ConfigMaps must exist), on its own port. */
  static void assertServiceEnvironment(Manifests manifests, Deployment d) {
    String service = d.getMetadata().getLabels().get(Manifests.NAME_LABEL);
    assertThat(Platform.PORTS).as("known services").containsKey(service);
    int port = Platform.PORTS.get(service);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = manifests.effectiveEnv(c);
    assertThat(env).as("env of %s", service)
        .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
        .containsEntry("QUARKUS_HTTP_PORT", String.valueOf(port))
        .containsKeys("OTA_OIDC_URL", "OTA_SERVICE_CLIENT_ID")
        .hasEntrySatisfying("MALLOC_ARENA_MAX", v -> assertThat(Integer.parseInt(v)).isPositive())
        .hasEntrySatisfying("OTA_SERVICE_CLIENT_SECRET", v -> assertThat(v).startsWith("secretKeyRef:"));
    assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).as("ports of %s", service)
        .containsExactlyElementsOf("checkin-service".equals(service) ? List.of(port, Platform.VEHICLE_PORT) : List.of(port));
    if (Platform.WITH_DATABASE.contains(service)) {
      assertThat(env.get("OTA_DB_URL")).as("OTA_DB_URL of %s", service).startsWith("jdbc:postgresql://");
      assertThat(env.get("OTA_DB_USER")).as("OTA_DB_USER of %s", service).isNotBlank();
      assertThat(env.get("OTA_DB_PASSWORD")).as("OTA_DB_PASSWORD of %s", service).startsWith("secretKeyRef:");
    }
    if (Platform.WITH_S3.contains(service)) {
      assertThat(env).as("S3 env of %s", service).containsKeys("OTA_S3_ENDPOINT", "OTA_S3_REGION", "OTA_S3_BUCKET");
      assertThat(env.get("OTA_S3_ACCESS_KEY")).startsWith("secretKeyRef:");
      assertThat(env.get("OTA_S3_SECRET_KEY")).startsWith("secretKeyRef:");
    }
    String passphrase = Platform.KEY_PASSPHRASES.get(service);
    if (passphrase != null) {
      // the service refuses to start without it: its keys are encrypted at rest
      assertThat(env.get(passphrase)).as("%s of %s", passphrase, service).startsWith("secretKeyRef:");
    }
    if ("checkin-service".equals(service)) {
      assertThat(env.get("OTA_POLL_INTERVAL")).as("poll interval").matches("[0-9]+[SMHD]");
      assertVehicleTls(d, c, env);
    }
    Platform.CALLS.getOrDefault(service, Map.of()).forEach((prefix, callee) -> {
      if (manifests.all(Deployment.class).stream().noneMatch(x -> callee.equals(x.getMetadata().getLabels().get(Manifests.NAME_LABEL)))) {
        return; // callee disabled
      }
      Service target = manifests.serviceOf(callee);
      assertThat(env.get(prefix + "_HOST")).as("%s_HOST of %s", prefix, service).isEqualTo(target.getMetadata().getName());
      assertThat(target.getSpec().getPorts()).extracting(ServicePort::getPort).as("port of %s", callee)
          .contains(Integer.valueOf(env.get(prefix + "_PORT")));
    });
  }

  /** The vehicle port serves the certificate of a mounted kubernetes.io/tls Secret; probes stay on the plain port. */
  private static void assertVehicleTls(Deployment d, Container c, Map<String, String> env) {
    assertThat(env).containsEntry("QUARKUS_HTTP_SSL_PORT", String.valueOf(Platform.VEHICLE_PORT));
    var mount = c.getVolumeMounts().stream().filter(m -> env.get("OTA_VEHICLE_TLS_CERT").startsWith(m.getMountPath() + "/"))
        .findFirst().orElseThrow(() -> new AssertionError("OTA_VEHICLE_TLS_CERT is on no mounted volume"));
    assertThat(env.get("OTA_VEHICLE_TLS_CERT")).isEqualTo(mount.getMountPath() + "/tls.crt");
    assertThat(env.get("OTA_VEHICLE_TLS_KEY")).isEqualTo(mount.getMountPath() + "/tls.key");
    assertThat(mount.getReadOnly()).isTrue();
    var volume = d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
        .findFirst().orElseThrow();
    assertThat(volume.getSecret().getSecretName()).as("the vehicle TLS Secret").isNotBlank();
    for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).as("probes use the plain port").isEqualTo("http");
    }
  }

  static void assertServiceRoutesToPods(Manifests manifests, Service s) {
    Deployment target = manifests.all(Deployment.class).stream()
        .filter(d -> matches(s.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))
        .findFirst().orElseThrow(() -> new AssertionError(Manifests.describe(s) + " selects no pods"));
    Container c = target.getSpec().getTemplate().getSpec().getContainers().get(0);
    for (ServicePort port : s.getSpec().getPorts()) {
      assertThat(resolvePort(c, port.getTargetPort())).as("targetPort of %s", Manifests.describe(s)).isNotNull();
    }
  }

  static void assertHpaTargetsDeployment(Manifests manifests, HorizontalPodAutoscaler hpa) {
    var ref = hpa.getSpec().getScaleTargetRef();
    assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
    assertThat(ref.getKind()).isEqualTo("Deployment");
    manifests.get(Deployment.class, ref.getName());
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
    assertThat(hpa.getSpec().getMetrics()).as("metrics of %s", Manifests.describe(hpa)).isNotEmpty();
  }

  static void assertSelectsPods(Manifests manifests, LabelSelector selector, String what) {
    assertThat(selector).as("selector of %s", what).isNotNull();
    assertThat(selector.getMatchLabels()).as("selector of %s", what).isNotEmpty();
    assertThat(manifests.all(Deployment.class))
        .as("%s selects the pods of a Deployment", what)
        .anyMatch(d -> matches(selector.getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels()));
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }
}
