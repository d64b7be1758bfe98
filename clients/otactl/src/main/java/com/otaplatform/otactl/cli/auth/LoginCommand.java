package com.otaplatform.otactl.cli.auth;

import com.otaplatform.otactl.auth.CredentialStore;
import com.otaplatform.otactl.auth.DeviceLogin;
import com.otaplatform.otactl.auth.Jwts;
import com.otaplatform.otactl.auth.TokenProvider;
import com.otaplatform.otactl.auth.TokenSet;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.config.OtactlConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code otactl login}: device authorization grant, tokens stored for later commands. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in with your Keycloak account (OAuth 2.0 device authorization grant).",
                "Prints a URL and a code to approve in a browser, waits for the approval, and stores the tokens in "
                        + "credentials.json (mode 600) in the config dir. Later commands refresh them as needed.",
                "In CI, set OTACTL_CLIENT_ID and OTACTL_CLIENT_SECRET instead: no login is needed."})
public final class LoginCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--scope", defaultValue = "openid offline_access",
            description = "Scopes to request (default: ${DEFAULT-VALUE}; offline_access keeps you logged in across SSO sessions).")
    String scope;

    LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OtactlConfig config = context.config();
        if (TokenProvider.modeOf(context.env()) != TokenProvider.Mode.STORED_LOGIN) {
            String token = context.tokens().accessToken();
            context.out().println("Using " + describe(TokenProvider.modeOf(context.env())) + " from the environment: no login needed."
                    + " Authenticated as " + Jwts.subject(token) + " (roles: " + String.join(", ", Jwts.realmRoles(token)) + ").");
            return 0;
        }
        DeviceLogin login = new DeviceLogin(context.oauthClient(config.oidcIssuer(), config.oidcClientId()), context.clock(),
                d -> Thread.sleep(d.toMillis()));
        TokenSet tokens = login.run(scope, context.out());
        CredentialStore store = context.credentialStore();
        store.save(tokens);
        context.out().println("Logged in as " + Jwts.subject(tokens.accessToken()) + " (roles: "
                + String.join(", ", Jwts.realmRoles(tokens.accessToken())) + "). Tokens stored in " + store.file() + ".");
        return 0;
    }

    private static String describe(TokenProvider.Mode mode) {
        return switch (mode) {
            case STATIC_TOKEN -> "the access token in OTACTL_TOKEN";
            case CLIENT_CREDENTIALS -> "client credentials (OTACTL_CLIENT_ID/OTACTL_CLIENT_SECRET)";
            default -> "the test-only password grant (OTACTL_USERNAME/OTACTL_PASSWORD)";
        };
    }
}
