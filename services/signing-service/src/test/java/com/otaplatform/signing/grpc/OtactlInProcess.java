package com.otaplatform.signing.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.otaplatform.otactl.Otactl;
import com.otaplatform.testkit.Keycloak;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** otactl run in-process as a demo user, with its environment (endpoints, config dir, key passphrase) and a fresh token. */
final class OtactlInProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    OtactlInProcess(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    Result run(String user, String... args) {
        Map<String, String> withToken = new HashMap<>(env);
        withToken.put("OTACTL_TOKEN", Keycloak.userToken(user));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Otactl.run(withToken, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and asserts exit code 0. */
    Result ok(String user, String... args) {
        Result r = run(user, args);
        assertThat(r.exitCode()).as("otactl %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }
}
