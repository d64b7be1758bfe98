package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.auth.CredentialStore;
import com.otaplatform.otactl.auth.NimbusOAuthClient;
import com.otaplatform.otactl.auth.OAuthClient;
import com.otaplatform.otactl.auth.TokenProvider;
import com.otaplatform.otactl.config.OtactlConfig;
import com.otaplatform.otactl.grpc.ServiceClients;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** What every command works with: environment, streams, config, credentials and service stubs (made when first needed). */
public final class CliContext implements AutoCloseable {
    private final Map<String, String> env;
    private final PrintStream outStream;
    private final PrintStream errStream;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock = Clock.systemUTC();
    private OtactlConfig config;
    private TokenProvider tokens;
    private ServiceClients clients;

    public CliContext(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.outStream = out;
        this.errStream = err;
        this.out = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        this.err = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public PrintStream errStream() {
        return errStream;
    }

    public PrintStream outStream() {
        return outStream;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized OtactlConfig config() {
        if (config == null) {
            config = OtactlConfig.load(env);
        }
        return config;
    }

    public CredentialStore credentialStore() {
        return new CredentialStore(config().dir());
    }

    public OAuthClient oauthClient(String issuer, String clientId) {
        return new NimbusOAuthClient(issuer, clientId, clock);
    }

    public synchronized TokenProvider tokens() {
        if (tokens == null) {
            tokens = new TokenProvider(env, config().oidcIssuer(), config().oidcClientId(), credentialStore(),
                    this::oauthClient, clock);
        }
        return tokens;
    }

    public synchronized ServiceClients clients() {
        if (clients == null) {
            clients = new ServiceClients(config(), tokens());
        }
        return clients;
    }

    /**
     * Whether stderr is a terminal. Java 17 cannot ask about stderr alone: the launcher script passes
     * {@code OTACTL_STDERR_TTY=1|0}; without it, a console on stdin/stdout counts.
     */
    public boolean stderrIsTerminal() {
        String flag = env.get("OTACTL_STDERR_TTY");
        if (flag != null) {
            return flag.equals("1") || flag.equalsIgnoreCase("true");
        }
        return System.console() != null && errStream == System.err;
    }

    public boolean debug() {
        String d = env.get("OTACTL_DEBUG");
        return d != null && !d.isEmpty() && !d.equals("0");
    }

    @Override
    public synchronized void close() {
        out.flush();
        err.flush();
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }
}
