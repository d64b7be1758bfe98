package com.otaplatform.otactl.cli.auth;

import com.otaplatform.otactl.auth.Jwts;
import com.otaplatform.otactl.auth.TokenProvider;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.cli.OutputOption;
import com.otaplatform.otactl.output.ProtoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code otactl whoami}: who the calls run as and with which roles. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show who otactl calls the services as, with which realm roles (refreshes the token if needed).")
public final class WhoamiCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    OutputOption output;

    WhoamiCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        TokenProvider tokens = context.tokens();
        String token = tokens.accessToken();
        long exp = Jwts.expiry(token);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("subject", Jwts.subject(token));
        who.put("roles", Jwts.realmRoles(token));
        who.put("source", tokens.mode().name().toLowerCase());
        who.put("issuer", context.config().oidcIssuer());
        who.put("expires", exp == 0 ? null : Instant.ofEpochSecond(exp).toString());
        if (output.json()) {
            context.out().println(ProtoJson.write(who));
        } else {
            who.forEach((k, v) -> context.out().println(k + ": " + (v instanceof Iterable<?> it ? String.join(", ", (Iterable<String>) it) : v)));
        }
        return 0;
    }
}
