package com.otaplatform.otactl.cli.auth;

import com.otaplatform.otactl.auth.CredentialStore;
import com.otaplatform.otactl.auth.TokenSet;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.config.OtactlConfig;
import picocli.CommandLine.Command;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code otactl logout}: deletes the stored tokens and revokes the refresh token, best effort. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = "Delete the stored tokens (and revoke the refresh token at Keycloak when it is reachable).")
public final class LogoutCommand implements Callable<Integer> {
    private final CliContext context;

    LogoutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CredentialStore store = context.credentialStore();
        Optional<TokenSet> stored;
        try {
            stored = store.load();
        } catch (RuntimeException unreadable) {
            stored = Optional.empty();
        }
        if (stored.isPresent() && stored.get().refreshToken() != null) {
            OtactlConfig config = context.config();
            String clientId = stored.get().clientId() != null ? stored.get().clientId() : config.oidcClientId();
            String issuer = stored.get().issuer() != null ? stored.get().issuer() : config.oidcIssuer();
            context.oauthClient(issuer, clientId).revoke(stored.get().refreshToken());
        }
        if (store.delete()) {
            context.out().println("Logged out: deleted " + store.file() + ".");
        } else {
            context.out().println("Not logged in (no " + store.file() + ").");
        }
        return 0;
    }
}
