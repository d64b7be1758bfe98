package com.otaplatform.otactl.auth;

import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenProviderTest {
    private static final String ISSUER = "http://127.0.0.1:8180/realms/ota";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final List<String> calls = new ArrayList<>();

    /** Records the grants asked for and answers with numbered tokens. */
    final class FakeOAuth implements OAuthClient {
        private final String clientId;
        int polls;

        FakeOAuth(String clientId) {
            this.clientId = clientId;
        }

        @Override
        public String issuer() {
            return ISSUER;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public DeviceAuthorization startDeviceAuthorization(String scope) {
            calls.add("device " + clientId + " " + scope);
            return new DeviceAuthorization("dc", "ABCD-EFGH", URI.create(ISSUER + "/device"),
                    URI.create(ISSUER + "/device?user_code=ABCD-EFGH"), Duration.ofSeconds(5), Duration.ofMinutes(10));
        }

        @Override
        public DevicePoll pollDeviceToken(String deviceCode) {
            polls++;
            calls.add("poll " + deviceCode);
            return switch (polls) {
                case 1 -> new Pending();
                case 2 -> new SlowDown();
                default -> new Granted(tokens("device", "refresh-1"));
            };
        }

        @Override
        public TokenSet refresh(String refreshToken) {
            calls.add("refresh " + clientId + " " + refreshToken);
            return tokens("refreshed", "refresh-2");
        }

        @Override
        public TokenSet clientCredentials(String clientSecret) {
            calls.add("client_credentials " + clientId + " " + clientSecret);
            return tokens("ci", null);
        }

        @Override
        public TokenSet password(String username, String password) {
            calls.add("password " + clientId + " " + username);
            return tokens("pw", null);
        }

        @Override
        public boolean revoke(String refreshToken) {
            return true;
        }

        private TokenSet tokens(String access, String refresh) {
            return new TokenSet(ISSUER, clientId, access, refresh, NOW.plusSeconds(900).getEpochSecond(), 0, "openid");
        }
    }

    private TokenProvider provider(Map<String, String> env) {
        return new TokenProvider(env, ISSUER, "otactl", new CredentialStore(dir), (issuer, id) -> new FakeOAuth(id), clock);
    }

    @Test
    void clientCredentialsFromTheEnvironmentNeedNoLogin() {
        TokenProvider p = provider(Map.of("OTACTL_CLIENT_ID", "ota-ci", "OTACTL_CLIENT_SECRET", "ota-ci-secret"));
        assertThat(p.accessToken()).isEqualTo("ci");
        assertThat(p.accessToken()).isEqualTo("ci");
        assertThat(calls).containsExactly("client_credentials ota-ci ota-ci-secret");
    }

    @Test
    void passwordGrantForTestsUsesTheTestClient() {
        assertThat(provider(Map.of("OTACTL_USERNAME", "viewer", "OTACTL_PASSWORD", "demo-viewer")).accessToken()).isEqualTo("pw");
        assertThat(calls).containsExactly("password ota-test viewer");
    }

    @Test
    void withoutLoginTheUserIsToldToLogIn() {
        assertThatThrownBy(() -> provider(Map.of()).accessToken())
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_AUTHENTICATED))
                .hasMessageContaining("otactl login");
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAndStoredAgain() throws Exception {
        CredentialStore store = new CredentialStore(dir);
        store.save(new TokenSet(ISSUER, "otactl", "old", "refresh-1", NOW.minusSeconds(10).getEpochSecond(), 0, "openid"));

        assertThat(provider(Map.of()).accessToken()).isEqualTo("refreshed");

        assertThat(calls).containsExactly("refresh otactl refresh-1");
        TokenSet stored = store.load().orElseThrow();
        assertThat(stored.accessToken()).isEqualTo("refreshed");
        assertThat(stored.refreshToken()).isEqualTo("refresh-2");
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aValidStoredTokenIsUsedAsItIs() {
        new CredentialStore(dir).save(new TokenSet(ISSUER, "otactl", "current", "r", NOW.plusSeconds(300).getEpochSecond(), 0, null));
        assertThat(provider(Map.of()).accessToken()).isEqualTo("current");
        assertThat(calls).isEmpty();
    }

    @Test
    void deviceLoginPollsUntilApprovedAndSlowsDownWhenAsked() throws Exception {
        List<Duration> sleeps = new ArrayList<>();
        StringWriter out = new StringWriter();
        TokenSet tokens = new DeviceLogin(new FakeOAuth("otactl"), clock, sleeps::add).run("openid offline_access", new PrintWriter(out));
        assertThat(tokens.accessToken()).isEqualTo("device");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(out.toString()).contains(ISSUER + "/device?user_code=ABCD-EFGH").contains("ABCD-EFGH");
    }
}
