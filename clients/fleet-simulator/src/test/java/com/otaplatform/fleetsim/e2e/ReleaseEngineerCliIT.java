package com.otaplatform.fleetsim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieHandler;
import java.util.List;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release engineer at a terminal: `otactl login` with Keycloak's device authorization grant,
 * approved on Keycloak's real login and consent pages (an HTTP client plays the browser), then
 * `otactl push` and `otactl release create` with the token otactl stored, no environment credentials.
 */
class ReleaseEngineerCliIT {
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:8180/\\S*device\\S*)");
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

    @TempDir
    Path work;

    private OtactlDriver otactl;

    @BeforeEach
    void startPlatform() throws Exception {
        PlatformProcesses.shared();
        otactl = new OtactlDriver(work.resolve("otactl"));
    }

    @Test
    void shouldLogInWithTheDeviceGrantThenPushAndCreateARelease() throws Exception {
        OtactlDriver.Running login = otactl.start(Map.of(), "login");
        String verificationUrl = awaitVerificationUrl(login);
        approveAs("rel-eng", "demo-rel-eng", verificationUrl);

        OtactlDriver.Result loggedIn = login.result().get(60, TimeUnit.SECONDS);
        assertThat(loggedIn.exitCode()).as(loggedIn.err()).isZero();
        assertThat(loggedIn.out()).contains("Logged in as", "release-engineer");

        byte[] image = new byte[3 * 1024 * 1024];
        new Random(5).nextBytes(image);
        Path file = work.resolve("adas-5.0.0.img");
        Files.write(file, image);
        OtactlDriver.Result push = otactl.run(Map.of(), "push", file.toString(), "--kind", "firmware", "--ecu", "adas-main",
                "--hw", "adas-v3", "--version", "5.0.0", "--output", "json");
        assertThat(push.exitCode()).as(push.err()).isZero();
        JsonNode artifact = new ObjectMapper().readTree(push.out());
        assertThat(artifact.at("/spec/provenance/uploadedBy").asText()).isEqualTo("rel-eng");

        OtactlDriver.Result release = otactl.run(Map.of(), "release", "create", "--name", "cli-" + System.nanoTime(),
                "--artifact", "adas-main=" + artifact.get("name").asText());
        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("releases/");

        assertThat(otactl.run(Map.of(), "logout").exitCode()).isZero();
        assertThat(otactl.run(Map.of(), "artifact", "list").exitCode()).as("logged out: not authenticated").isEqualTo(3);
    }

    private static String awaitVerificationUrl(OtactlDriver.Running login) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Matcher url = URL.matcher(login.outSoFar());
            if (url.find()) {
                return url.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("otactl login printed no verification URL: " + login.outSoFar());
    }

    /** What a person does in the browser: open the URL, log in, grant access. */
    private static void approveAs(String username, String password, String verificationUrl) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new LoopbackCookies()).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(URI.create(verificationUrl)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> credentials = new LinkedHashMap<>(hiddenInputs(loginPage.body()));
        credentials.put("username", username);
        credentials.put("password", password);
        HttpResponse<String> page = submit(browser, loginPage, credentials);
        if (page.body().contains("name=\"accept\"")) {
            Map<String, String> grant = new LinkedHashMap<>(hiddenInputs(page.body()));
            grant.put("accept", "Yes");
            page = submit(browser, page, grant);
        }
        assertThat(page.body()).containsIgnoringCase("success");
    }

    /**
     * The browser's cookie jar for Keycloak on loopback. Keycloak marks its login cookies Secure, which
     * browsers (and curl) honour on http://127.0.0.1 as a secure context but java.net.CookieManager does not.
     */
    private static final class LoopbackCookies extends CookieHandler {
        private final Map<String, String> jar = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            if (jar.isEmpty()) {
                return Map.of();
            }
            String cookies = jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            return Map.of("Cookie", List.of(cookies));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if ("set-cookie".equalsIgnoreCase(name)) {
                    for (String cookie : values) {
                        String pair = cookie.split(";", 2)[0];
                        int equals = pair.indexOf('=');
                        if (equals > 0) {
                            jar.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                        }
                    }
                }
            });
        }
    }

    private static HttpResponse<String> submit(HttpClient browser, HttpResponse<String> page, Map<String, String> fields) throws Exception {
        Matcher action = FORM_ACTION.matcher(page.body());
        assertThat(action.find()).as("a form on the page: " + page.body()).isTrue();
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(page.uri().resolve(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> hiddenInputs(String page) {
        Map<String, String> inputs = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(page);
        while (hidden.find()) {
            Matcher name = NAME.matcher(hidden.group());
            Matcher value = VALUE.matcher(hidden.group());
            if (name.find()) {
                inputs.put(name.group(1), value.find() ? value.group(1) : "");
            }
        }
        return inputs;
    }
}
