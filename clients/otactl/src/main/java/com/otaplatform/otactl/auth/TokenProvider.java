package com.otaplatform.otactl.auth;

import com.otaplatform.otactl.errors.CliException;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Hands out a valid access token for calls, choosing the source once:
 * <ol>
 *   <li>{@code OTACTL_TOKEN} set: that access token as it is (scripts that already hold one; tests);</li>
 *   <li>{@code OTACTL_CLIENT_ID} + {@code OTACTL_CLIENT_SECRET} set: client credentials grant (CI);</li>
 *   <li>{@code OTACTL_USERNAME} + {@code OTACTL_PASSWORD} set: password grant with client {@code OTACTL_CLIENT_ID}
 *       or {@code ota-test} (tests only; the realm allows it for that client alone);</li>
 *   <li>otherwise the tokens {@code otactl login} stored, refreshed with the refresh token when expired.</li>
 * </ol>
 */
public final class TokenProvider {
    public static final String ENV_TOKEN = "OTACTL_TOKEN";
    public static final String ENV_CLIENT_ID = "OTACTL_CLIENT_ID";
    public static final String ENV_CLIENT_SECRET = "OTACTL_CLIENT_SECRET";
    public static final String ENV_USERNAME = "OTACTL_USERNAME";
    public static final String ENV_PASSWORD = "OTACTL_PASSWORD";
    public static final String TEST_CLIENT_ID = "ota-test";

    /** Where tokens come from. */
    public enum Mode { STATIC_TOKEN, CLIENT_CREDENTIALS, PASSWORD_FOR_TESTS, STORED_LOGIN }

    private final Mode mode;
    private final Map<String, String> env;
    private final String issuer;
    private final String loginClientId;
    private final CredentialStore store;
    private final BiFunction<String, String, OAuthClient> clients;
    private final Clock clock;
    private TokenSet current;

    /**
     * @param clients makes an OAuth client for (issuer, client id)
     */
    public TokenProvider(Map<String, String> env, String issuer, String loginClientId, CredentialStore store,
                         BiFunction<String, String, OAuthClient> clients, Clock clock) {
        this.env = env;
        this.issuer = issuer;
        this.loginClientId = loginClientId;
        this.store = store;
        this.clients = clients;
        this.clock = clock;
        this.mode = modeOf(env);
    }

    public static Mode modeOf(Map<String, String> env) {
        if (set(env, ENV_TOKEN)) {
            return Mode.STATIC_TOKEN;
        }
        if (set(env, ENV_CLIENT_ID) && set(env, ENV_CLIENT_SECRET)) {
            return Mode.CLIENT_CREDENTIALS;
        }
        if (set(env, ENV_USERNAME) && set(env, ENV_PASSWORD)) {
            return Mode.PASSWORD_FOR_TESTS;
        }
        return Mode.STORED_LOGIN;
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    public Mode mode() {
        return mode;
    }

    /** A valid access token; throws a {@link CliException} (exit 3, or 7 when Keycloak is down) when there is none. */
    public synchronized String accessToken() {
        if (current != null && current.accessTokenValid(clock.instant())) {
            return current.accessToken();
        }
        current = switch (mode) {
            case STATIC_TOKEN -> new TokenSet(issuer, null, env.get(ENV_TOKEN).trim(), null, 0, 0, null);
            case CLIENT_CREDENTIALS -> clients.apply(issuer, env.get(ENV_CLIENT_ID)).clientCredentials(env.get(ENV_CLIENT_SECRET));
            case PASSWORD_FOR_TESTS -> clients.apply(issuer, set(env, ENV_CLIENT_ID) ? env.get(ENV_CLIENT_ID) : TEST_CLIENT_ID)
                    .password(env.get(ENV_USERNAME), env.get(ENV_PASSWORD));
            case STORED_LOGIN -> fromStore();
        };
        return current.accessToken();
    }

    private TokenSet fromStore() {
        Optional<TokenSet> stored = store.load();
        if (stored.isEmpty()) {
            throw CliException.notAuthenticated("You are not logged in.");
        }
        TokenSet tokens = stored.get();
        if (tokens.issuer() != null && !sameIssuer(tokens.issuer(), issuer)) {
            throw CliException.notAuthenticated("You are logged in at " + tokens.issuer() + " but oidc.issuer is " + issuer + ".");
        }
        if (tokens.accessTokenValid(clock.instant())) {
            return tokens;
        }
        if (!tokens.refreshTokenUsable(clock.instant())) {
            throw CliException.notAuthenticated("Your session has expired.");
        }
        String clientId = tokens.clientId() != null ? tokens.clientId() : loginClientId;
        TokenSet refreshed = tokens.refreshedWith(clients.apply(issuer, clientId).refresh(tokens.refreshToken()));
        store.save(refreshed);
        return refreshed;
    }

    private static boolean sameIssuer(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
