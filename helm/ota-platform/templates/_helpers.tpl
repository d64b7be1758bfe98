{{/*
The platform's services: facts of the applications, not configuration.
  name      kebab-case name, reused for the image, the Quarkus application and the Kubernetes objects
  port      the one port serving HTTP, gRPC (h2c), health and metrics
  database  needs PostgreSQL
  s3        needs the object store
  calls     the services it calls (their values keys); the NetworkPolicies are derived from this
  vehiclePort  checkin-service only: the port where vehicles call gRPC over mutual TLS
  keyPassphraseEnv  services that keep signing keys encrypted at rest: the variable of their passphrase
*/}}
{{- define "ota.catalog" -}}
console:
  name: console
  port: 8080
  component: frontend
  database: false
  s3: false
  calls: [artifactService, signingService, rolloutService, checkinService]
artifactService:
  name: artifact-service
  port: 8081
  component: backend
  database: true
  s3: true
  calls: []
signingService:
  name: signing-service
  port: 8082
  keyPassphraseEnv: OTA_SIGNING_KEY_PASSPHRASE
  component: backend
  database: true
  s3: false
  calls: []
rolloutService:
  name: rollout-service
  port: 8083
  component: backend
  database: true
  s3: false
  calls: [artifactService, checkinService]
checkinService:
  name: checkin-service
  port: 8084
  vehiclePort: 8443
  keyPassphraseEnv: OTA_DIRECTOR_KEY_PASSPHRASE
  component: backend
  database: true
  s3: true
  calls: [rolloutService, signingService]
{{- end }}

{{/* Environment variable prefix of a callee's host/port (OTA_<X>_HOST, OTA_<X>_PORT). */}}
{{- define "ota.peerEnvPrefix" -}}
{{- $m := dict "artifactService" "OTA_ARTIFACT" "signingService" "OTA_SIGNING" "rolloutService" "OTA_ROLLOUT" "checkinService" "OTA_CHECKIN" "console" "OTA_CONSOLE" -}}
{{- get $m . -}}
{{- end }}

{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "ota.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Release-wide name prefix of every object: fullnameOverride, else the release name
(release "ota" gives ota-console, ota-checkin-service, ...).
*/}}
{{- define "ota.fullname" -}}
{{- .Values.fullnameOverride | default .Release.Name | trunc 40 | trimSuffix "-" }}
{{- end }}

{{/* Name of one service's objects: <fullname>-<service>. Args: dict root key */}}
{{- define "ota.serviceFullname" -}}
{{- $svc := get (include "ota.catalog" . | fromYaml) .key -}}
{{- printf "%s-%s" (include "ota.fullname" .root) $svc.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ota.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of the platform-wide objects (realm, etc.). */}}
{{- define "ota.labels" -}}
helm.sh/chart: {{ include "ota.chart" . }}
app.kubernetes.io/name: {{ include "ota.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: ota-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one service. Args: dict root key */}}
{{- define "ota.selectorLabels" -}}
{{- $svc := get (include "ota.catalog" . | fromYaml) .key -}}
app.kubernetes.io/name: {{ $svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Labels of one service's objects. Args: dict root key */}}
{{- define "ota.serviceLabels" -}}
{{- $svc := get (include "ota.catalog" . | fromYaml) .key -}}
helm.sh/chart: {{ include "ota.chart" .root }}
{{ include "ota.selectorLabels" . }}
app.kubernetes.io/version: {{ include "ota.imageTag" . | quote }}
app.kubernetes.io/component: {{ $svc.component }}
app.kubernetes.io/part-of: ota-platform
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* Image tag of one service: per-service tag, else image.tag, else appVersion. Args: dict root key */}}
{{- define "ota.imageTag" -}}
{{- $values := get .root.Values.services .key -}}
{{- $values.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- end }}

{{/* Full image reference of one service. Args: dict root key */}}
{{- define "ota.image" -}}
{{- $values := get .root.Values.services .key -}}
{{- $registry := .root.Values.global.imageRegistry | default .root.Values.image.registry | trimSuffix "/" -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry $values.image.repository (include "ota.imageTag" .) -}}
{{- else -}}
{{- printf "%s:%s" $values.image.repository (include "ota.imageTag" .) -}}
{{- end -}}
{{- end }}

{{/* Keys (in catalog order) of the enabled services. */}}
{{- define "ota.enabledServices" -}}
{{- $keys := list -}}
{{- range $key := list "console" "artifactService" "signingService" "rolloutService" "checkinService" -}}
{{- if (get $.Values.services $key).enabled -}}
{{- $keys = append $keys $key -}}
{{- end -}}
{{- end -}}
{{- toJson $keys -}}
{{- end }}

{{/* Keys of the enabled services that call the given one. Args: dict root key */}}
{{- define "ota.callers" -}}
{{- $catalog := include "ota.catalog" . | fromYaml -}}
{{- $callers := list -}}
{{- range $caller := include "ota.enabledServices" .root | fromJsonArray -}}
{{- if has $.key (get $catalog $caller).calls -}}
{{- $callers = append $callers $caller -}}
{{- end -}}
{{- end -}}
{{- toJson $callers -}}
{{- end }}

{{/* Name of the realm ConfigMap / import. */}}
{{- define "ota.realmName" -}}
{{- printf "%s-realm" (include "ota.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The Keycloak realm `ota`, built from files/ota-realm.json (a copy of dev/keycloak/ota-realm.json).
Unless keycloak.realm.demoUsers: no users but the clients' service accounts, no password-grant
test client, console redirect URIs from keycloak.consoleUrl, confidential client secrets as
KeycloakRealmImport placeholders ${OTA_<CLIENT>_SECRET} (resolved from an existing Secret), and TLS
required for external requests.
*/}}
{{- define "ota.realm" -}}
{{- $realm := .Files.Get "files/ota-realm.json" | fromJson -}}
{{- $demo := .Values.keycloak.realm.demoUsers -}}
{{- $consoleUrl := .Values.keycloak.consoleUrl | trimSuffix "/" -}}
{{- $clients := list -}}
{{- range $client := $realm.clients -}}
{{- if or $demo (ne $client.clientId "ota-test") -}}
{{- $c := deepCopy $client -}}
{{- if eq $c.clientId "ota-console" -}}
{{- $uris := concat (list (printf "%s/*" $consoleUrl)) (ternary $c.redirectUris (list) $demo) -}}
{{- $_ := set $c "redirectUris" $uris -}}
{{- $_ := set $c.attributes "post.logout.redirect.uris" (join "##" $uris) -}}
{{- end -}}
{{- if and (hasKey $c "secret") (not $demo) -}}
{{- $_ := set $c "secret" (printf "${OTA_%s_SECRET}" ($c.clientId | trimPrefix "ota-" | upper)) -}}
{{- end -}}
{{- $clients = append $clients $c -}}
{{- end -}}
{{- end -}}
{{- $_ := set $realm "clients" $clients -}}
{{- $users := list -}}
{{- range $user := $realm.users -}}
{{- if or $demo (hasKey $user "serviceAccountClientId") -}}
{{- $users = append $users $user -}}
{{- end -}}
{{- end -}}
{{- $_ := set $realm "users" $users -}}
{{- if not $demo -}}
{{- $_ := set $realm "sslRequired" "external" -}}
{{- $_ := set $realm "bruteForceProtected" true -}}
{{- $_ := set $realm "displayName" "OTA platform" -}}
{{- end -}}
{{- toPrettyJson $realm -}}
{{- end }}
