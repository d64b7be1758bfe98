package com.otaplatform.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Real access tokens from the dev stack's Keycloak realm {@code ota}, for tests. */
public final class Keycloak {
    /** The realm's issuer, overridable with OTA_OIDC_URL like the services. */
    public static final String ISSUER = System.getenv().getOrDefault("OTA_OIDC_URL", "http://127.0.0.1:8180/realms/ota");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Keycloak() {
    }

    /** A token of a demo user (rel-eng, operator, viewer, fleet-admin, no-roles), by the password grant of client ota-test. */
    public static String userToken(String username) {
        return token(Map.of("grant_type", "password", "client_id", "ota-test", "username", username,
                "password", "demo-" + username, "scope", "openid"));
    }

    /** A token of a confidential client's service account (ota-ci, ota-services), by client credentials. */
    public static String clientToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    private static String token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(ISSUER + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token (" + response.statusCode() + "): " + response.body()
                        + " -- is the dev stack up? run dev/stack up");
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + ISSUER + " is not reachable; run dev/stack up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
