package com.otaplatform.deploy;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;

/**
 * The Keycloak operator's KeycloakRealmImport (k8s.keycloak.org/v2alpha1), modelled with just the
 * fields the operator's CRD defines that the chart uses, so that the strict parser checks them.
 */
// HasMetadata routes to Fabric8's polymorphic deserializer: bind this class directly instead.
@JsonDeserialize(using = JsonDeserializer.None.class)
public class KeycloakRealmImport implements HasMetadata {

  private String apiVersion;
  private String kind;
  private ObjectMeta metadata;
  private Spec spec;

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public Spec getSpec() {
    return spec;
  }

  public void setSpec(Spec spec) {
    this.spec = spec;
  }

  /** spec: the target Keycloak CR, the realm (a RealmRepresentation) and secret placeholders. */
  public static class Spec {
    public String keycloakCRName;
    public JsonNode realm;
    public Map<String, Placeholder> placeholders;
  }

  /** A value taken from a Secret key at import time, referenced in the realm as ${NAME}. */
  public static class Placeholder {
    public SecretRef secret;
  }

  /** Secret name and key. */
  public static class SecretRef {
    public String name;
    public String key;
  }
}
