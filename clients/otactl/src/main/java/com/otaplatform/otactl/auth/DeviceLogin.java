package com.otaplatform.otactl.auth;

import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The OAuth 2.0 device authorization grant (RFC 8628): show the code, poll until the user approved it. */
public final class DeviceLogin {
    /** Waits between polls; replaceable in tests. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final OAuthClient client;
    private final Clock clock;
    private final Sleeper sleeper;

    public DeviceLogin(OAuthClient client, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public TokenSet run(String scope, PrintWriter out) throws InterruptedException {
        OAuthClient.DeviceAuthorization auth = client.startDeviceAuthorization(scope);
        out.println("To log in, open this URL in a browser and approve the request:");
        out.println();
        out.println("  " + (auth.verificationUriComplete() != null ? auth.verificationUriComplete() : auth.verificationUri()));
        out.println();
        out.println("or open " + auth.verificationUri() + " and enter the code: " + auth.userCode());
        out.println("Waiting for approval (the code expires in " + minutes(auth.lifetime()) + ")...");
        out.flush();

        Instant deadline = clock.instant().plus(auth.lifetime());
        Duration interval = auth.interval();
        while (clock.instant().isBefore(deadline)) {
            sleeper.sleep(interval);
            OAuthClient.DevicePoll poll = client.pollDeviceToken(auth.deviceCode());
            if (poll instanceof OAuthClient.Granted granted) {
                return granted.tokens();
            }
            if (poll instanceof OAuthClient.SlowDown) {
                interval = interval.plusSeconds(5);
            }
        }
        throw new CliException(ExitCode.NOT_AUTHENTICATED, "The login code expired before it was approved. Run `otactl login` again.");
    }

    private static String minutes(Duration d) {
        long m = Math.max(1, d.toMinutes());
        return m + (m == 1 ? " minute" : " minutes");
    }
}
