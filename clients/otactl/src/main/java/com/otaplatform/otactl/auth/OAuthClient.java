package com.otaplatform.otactl.auth;

import java.net.URI;
import java.time.Duration;

/** The OAuth 2.0 grants otactl uses against the issuer's token endpoint. */
public interface OAuthClient {

    /** A started device authorization: what to show the user, and what to poll with. */
    record DeviceAuthorization(String deviceCode, String userCode, URI verificationUri, URI verificationUriComplete,
                               Duration interval, Duration lifetime) {
    }

    /** One answer of the token endpoint to a device-code poll. */
    sealed interface DevicePoll permits Pending, SlowDown, Granted {
    }

    /** The user has not approved yet. */
    record Pending() implements DevicePoll {
    }

    /** Poll less often. */
    record SlowDown() implements DevicePoll {
    }

    /** The user approved: the tokens. */
    record Granted(TokenSet tokens) implements DevicePoll {
    }

    String issuer();

    String clientId();

    DeviceAuthorization startDeviceAuthorization(String scope);

    /** Polls once; throws {@link com.otaplatform.otactl.errors.CliException} when the user denied or the code expired. */
    DevicePoll pollDeviceToken(String deviceCode);

    TokenSet refresh(String refreshToken);

    TokenSet clientCredentials(String clientSecret);

    TokenSet password(String username, String password);

    /** Revokes a refresh token, best effort; false when the issuer could not be told. */
    boolean revoke(String refreshToken);
}
