package com.otaplatform.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.console.FakeServices;
import com.otaplatform.testkit.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's JSON API and event streams against stand-in services on a real gRPC port, with real
 * Keycloak tokens (bearer; the browser's login flow is covered by the *IT browser tests).
 */
@QuarkusTest
@QuarkusTestResource(FakeServices.class)
class ConsoleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private static String operator;
    private static String viewer;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void tokens() {
        operator = Keycloak.userToken("operator");
        viewer = Keycloak.userToken("viewer");
    }

    @BeforeEach
    void reset() {
        FakeServices.reset();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body, boolean fromPage) throws Exception {
        HttpRequest.Builder request = request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (fromPage) {
            request.header("X-Requested-With", "JavaScript");
        }
        return send(request);
    }

    @Test
    void shouldServeHealthWithoutSignIn() throws Exception {
        assertThat(send(request("/q/health/ready", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSendBrowsersToTheKeycloakLoginPage() throws Exception {
        HttpResponse<String> page = send(request("/", null));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).get().asString()
                .startsWith(Keycloak.ISSUER + "/protocol/openid-connect/auth").contains("client_id=ota-console");
    }

    @Test
    void shouldAnswerPageScriptsWithoutSessionWith499() throws Exception {
        assertThat(send(request("/api/me", null).header("X-Requested-With", "JavaScript")).statusCode()).isEqualTo(499);
    }

    @Test
    void shouldServeTheAppToASignedInUser() throws Exception {
        HttpResponse<String> page = send(request("/", operator));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>OTA console</title>", "/console.js", "/console.css");
        assertThat(send(request("/console.js", operator)).body()).contains("EventSource");
    }

    @Test
    void shouldTellThePageWhatTheUserMayDo() throws Exception {
        JsonNode asOperator = JSON.readTree(send(request("/api/me", operator)).body());
        assertThat(asOperator.get("name").asText()).isEqualTo("operator");
        assertThat(asOperator.at("/may/operateRollouts").asBoolean()).isTrue();
        JsonNode asViewer = JSON.readTree(send(request("/api/me", viewer)).body());
        assertThat(asViewer.get("roles").toString()).isEqualTo("[\"viewer\"]");
        assertThat(asViewer.at("/may/operateRollouts").asBoolean()).isFalse();
    }

    @Test
    void shouldCallTheServicesWithTheUsersTokenAndNothingElse() throws Exception {
        HttpResponse<String> list = send(request("/api/rollouts", viewer));
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode rollouts = JSON.readTree(list.body());
        assertThat(rollouts).hasSize(2);
        assertThat(rollouts.get(0).get("state").asText()).isEqualTo("RUNNING");
        assertThat(rollouts.get(0).at("/totals/succeeded").asLong()).isEqualTo(3);
        // exactly one authorization header, the user's: not the console's service token
        assertThat(FakeServices.AUTHORIZATIONS).isNotEmpty().allSatisfy(headers -> assertThat(headers).containsExactly("Bearer " + viewer));
    }

    @Test
    void shouldShowOneRolloutWithItsStagesSamplesAndAuditTrail() throws Exception {
        HttpResponse<String> response = send(request("/api/rollouts/" + FakeServices.ROLLOUT_ID, viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode detail = JSON.readTree(response.body());
        assertThat(detail.at("/rollout/stages/0/state").asText()).isEqualTo("ACTIVE");
        assertThat(detail.at("/rollout/stages/0/percentageBp").asInt()).isEqualTo(1000);
        assertThat(detail.at("/rollout/stages/1/state").asText()).isEqualTo("PENDING");
        assertThat(detail.at("/samples").size()).isGreaterThanOrEqualTo(1);
        assertThat(detail.at("/events/0/toState").asText()).isEqualTo("RUNNING");
        assertThat(detail.at("/events/0/actor").asText()).isEqualTo("operator");
    }

    @Test
    void shouldAnswer404ForAnUnknownRollout() throws Exception {
        HttpResponse<String> response = send(request("/api/rollouts/00000000-0000-0000-0000-000000000000", viewer));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void shouldPauseAsOperator() throws Exception {
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/pause", operator, "{\"reason\":\"look at logs\"}", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("state").asText()).isEqualTo("PAUSED");
    }

    @Test
    void shouldPassOnRolloutServicesRefusalOfAViewersPause() throws Exception {
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/pause", viewer, "{}", true);
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(error.get("service").asText()).isEqualTo("rollout-service");
        assertThat(FakeServices.CALLS).contains("PauseRollout");
        assertThat(FakeServices.STATE.get().name()).isEqualTo("ROLLOUT_STATE_RUNNING");
    }

    @Test
    void shouldRefuseStateChangesWithoutTheHeaderOfThePage() throws Exception {
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/pause", operator, "{}", false);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("MISSING_REQUESTED_WITH");
        assertThat(FakeServices.CALLS).doesNotContain("PauseRollout");
    }

    @Test
    void shouldRequireAReasonToAdvance() throws Exception {
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/advance", operator, "{\"expectedStage\":0}", true);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith("reason");
    }

    @Test
    void shouldStreamChangesOfARollout() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(request("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/stream", viewer)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = nextEvent(events);
            assertThat(first.at("/rollout/totals/succeeded").asLong()).isEqualTo(3);
            assertThat(first.at("/events/0/toState").asText()).isEqualTo("RUNNING");
            FakeServices.SUCCEEDED.set(7);
            JsonNode next = nextEvent(events);
            assertThat(next.at("/rollout/totals/succeeded").asLong()).isEqualTo(7);
            assertThat(next.at("/sample/succeeded").asLong()).isEqualTo(7);
            assertThat(next.get("events").isNull()).as("the trail is sent again only after a transition").isTrue();
        }
        // followed with rollout-service's WatchRollout, as the viewer: no re-reading of the rollout
        assertThat(FakeServices.CALLS).contains("WatchRollout").doesNotContain("GetRollout");
        assertThat(FakeServices.AUTHORIZATIONS).allSatisfy(headers -> assertThat(headers).containsExactly("Bearer " + viewer));
    }

    @Test
    void shouldSendTheTransitionAndEndTheStreamWhenTheRolloutIsFinished() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(request("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/stream", viewer)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(nextEvent(events).at("/rollout/state").asText()).isEqualTo("RUNNING");
            FakeServices.STATE.set(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_ABORTED);
            JsonNode last = nextEvent(events);
            assertThat(last.at("/rollout/state").asText()).isEqualTo("ABORTED");
            assertThat(last.at("/events/1/toState").asText()).isEqualTo("ABORTED");
            // well before live-stream-max (15 s in tests), and with nothing after the last state
            var rest = java.util.concurrent.CompletableFuture.supplyAsync(() -> events.lines().filter(l -> l.startsWith("data:")).toList());
            assertThat(rest.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("the stream ends").isEmpty();
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode nextEvent(BufferedReader events) throws Exception {
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("data:")) {
                return JSON.readTree(line.substring(5));
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void shouldShowWhichRolloutsUseARelease() throws Exception {
        HttpResponse<String> response = send(request("/api/releases/" + FakeServices.RELEASE_ID, viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode detail = JSON.readTree(response.body());
        assertThat(detail.at("/release/state").asText()).isEqualTo("SIGNED");
        assertThat(detail.at("/release/targetsVersion").asLong()).isEqualTo(FakeServices.TARGETS_VERSION);
        assertThat(detail.at("/release/artifacts/0/details/sha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(detail.get("rollouts")).hasSize(1);
        assertThat(detail.at("/rollouts/0/id").asText()).isEqualTo(FakeServices.ROLLOUT_ID);
    }

    @Test
    void shouldShowAVehicleWithItsUpdateHistoryPageByPage() throws Exception {
        HttpResponse<String> response = send(request("/api/vehicles/" + FakeServices.VIN, viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode detail = JSON.readTree(response.body());
        assertThat(detail.at("/vehicle/ecus/0/installedVersion").asText()).isEqualTo("2.4.0");
        assertThat(detail.at("/events/items/0/phase").asText()).isEqualTo("SUCCEEDED");
        assertThat(detail.at("/events/items/0/rollout").asText()).isEqualTo("rollouts/" + FakeServices.ROLLOUT_ID);
        assertThat(detail.at("/events/nextPageToken").asText()).isEqualTo("page-2");
        JsonNode older = JSON.readTree(send(request("/api/vehicles/" + FakeServices.VIN + "/events?pageToken=page-2", viewer)).body());
        assertThat(older.at("/items/0/sequence").asLong()).isEqualTo(41);
        assertThat(older.at("/items/0/phase").asText()).isEqualTo("DOWNLOADING");
        assertThat(older.get("nextPageToken").asText()).isEmpty();
    }

    @Test
    void shouldFindVehiclesByAttributeSelector() throws Exception {
        HttpResponse<String> response = send(request("/api/vehicles?selector=" + encode(" model = 'SU7' "), viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/items/0/vin").asText()).isEqualTo(FakeServices.VIN);
        assertThat(FakeServices.SELECTOR.get()).isEqualTo("model = 'SU7'");
        assertThat(JSON.readTree(send(request("/api/vehicles?selector=" + encode("model = 'EX5'"), viewer)).body()).get("items")).isEmpty();
    }

    @Test
    void shouldPassOnCheckinServicesRefusalOfABadSelector() throws Exception {
        HttpResponse<String> response = send(request("/api/vehicles?selector=" + encode("model ="), viewer));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("service").asText()).isEqualTo("checkin-service");
        assertThat(error.get("message").asText()).startsWith("selector:");
        HttpResponse<String> tooLong = send(request("/api/vehicles?selector=" + encode("a = '" + "x".repeat(1100) + "'"), viewer));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("message").asText()).startsWith("selector: at most");
    }

    @Test
    void shouldCountInstalledVersionsAcrossTheFleet() throws Exception {
        HttpResponse<String> response = send(request("/api/versions?ecu=adas-main&selector=" + encode("model = 'SU7'"), viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode versions = JSON.readTree(response.body());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asText()).isEqualTo("2.4.0");
        assertThat(versions.get(0).get("vehicles").asLong()).isEqualTo(90);
        assertThat(FakeServices.SELECTOR.get()).isEqualTo("model = 'SU7'");
        HttpResponse<String> noEcu = send(request("/api/versions", viewer));
        assertThat(noEcu.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noEcu.body()).get("message").asText()).startsWith("ecu:");
    }

    @Test
    void shouldRollBackAsOperatorAndAnswerTheNewDraft() throws Exception {
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/rollback", operator, "{\"reason\":\"boot loops\"}", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode draft = JSON.readTree(response.body());
        assertThat(draft.get("id").asText()).isEqualTo(FakeServices.ROLLBACK_ID);
        assertThat(draft.get("state").asText()).isEqualTo("DRAFT");
        assertThat(draft.get("rollbackOf").asText()).isEqualTo("rollouts/" + FakeServices.ROLLOUT_ID);
    }

    @Test
    void shouldRequireAReasonToRollBack() throws Exception {
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/rollback", operator, "{\"reason\":\"  \"}", true);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith("reason");
        assertThat(FakeServices.CALLS).doesNotContain("RollbackRollout");
    }

    @Test
    void shouldPassOnRolloutServicesRefusalOfAViewersRollbackAndStart() throws Exception {
        HttpResponse<String> rollback = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/rollback", viewer, "{\"reason\":\"try\"}", true);
        assertThat(rollback.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(rollback.body()).get("code").asText()).isEqualTo("PERMISSION_DENIED");
        HttpResponse<String> start = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/start", viewer, "{}", true);
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(FakeServices.CALLS).contains("RollbackRollout", "StartRollout");
        assertThat(FakeServices.STATE.get().name()).isEqualTo("ROLLOUT_STATE_RUNNING");
    }

    @Test
    void shouldStartADraftAsOperator() throws Exception {
        FakeServices.STATE.set(com.otaplatform.rollout.v1.RolloutState.ROLLOUT_STATE_DRAFT);
        HttpResponse<String> response = post("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/start", operator, "", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void shouldTellWhatADraftWouldReach() throws Exception {
        HttpResponse<String> response = send(request("/api/rollouts/" + FakeServices.ROLLOUT_ID + "/reach", viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reach = JSON.readTree(response.body());
        assertThat(reach.get("selected").asLong()).isEqualTo(120);
        assertThat(reach.get("stageVehicles").toString()).isEqualTo("[11,110]");
        assertThat(reach.get("blockedAlreadyCurrent").asLong()).isEqualTo(6);
    }

    @Test
    void shouldShowWhatTheImageRepositorySignedForARelease() throws Exception {
        HttpResponse<String> response = send(request("/api/releases/" + FakeServices.RELEASE_ID + "/signatures", viewer));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode signed = JSON.readTree(response.body());
        assertThat(signed.get("targetsVersion").asLong()).isEqualTo(FakeServices.TARGETS_VERSION);
        assertThat(signed.get("rootVersion").asLong()).isEqualTo(1);
        assertThat(signed.get("threshold").asInt()).isEqualTo(1);
        assertThat(signed.get("validSignatures").asInt()).isEqualTo(1);
        assertThat(signed.get("signatures")).hasSize(2);
        assertThat(signed.at("/signatures/0/authorized").asBoolean()).isTrue();
        assertThat(signed.at("/signatures/0/valid").asBoolean()).isTrue();
        assertThat(signed.at("/signatures/0/keyType").asText()).isEqualTo("ed25519");
        assertThat(signed.at("/signatures/1/authorized").asBoolean()).as("a key root does not list").isFalse();
        // only the release's own targets, compared with the stored artifact
        assertThat(signed.get("targets")).hasSize(1);
        assertThat(signed.at("/targets/0/name").asText()).isEqualTo(FakeServices.RELEASE_NAME + "/adas-main/adas-2.4.1.img");
        assertThat(signed.at("/targets/0/ecu").asText()).isEqualTo("adas-main");
        assertThat(signed.at("/targets/0/hardwareIds").toString()).isEqualTo("[\"adas-v3\"]");
        assertThat(signed.at("/targets/0/releaseCounter").asLong()).isEqualTo(5);
        assertThat(signed.at("/targets/0/matchesArtifact").asBoolean()).isTrue();
        assertThat(FakeServices.AUTHORIZATIONS).allSatisfy(headers -> assertThat(headers).containsExactly("Bearer " + viewer));
    }

    @Test
    void shouldRefuseABadVinPrefixBeforeCallingTheService() throws Exception {
        HttpResponse<String> response = send(request("/api/vehicles?vinPrefix=IOQ", viewer));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).startsWith("vinPrefix");
        assertThat(FakeServices.CALLS).isEmpty();
    }
}
