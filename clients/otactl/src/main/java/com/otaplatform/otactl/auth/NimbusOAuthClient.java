package com.otaplatform.otactl.auth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.otaplatform.otactl.errors.CliException;
import com.otaplatform.otactl.errors.ExitCode;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** {@link OAuthClient} on the Nimbus OAuth 2.0 SDK; endpoints come from the issuer's discovery document. */
public final class NimbusOAuthClient implements OAuthClient {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 20_000;

    private final String issuer;
    private final ClientID clientId;
    private final Clock clock;
    private AuthorizationServerMetadata metadata;

    public NimbusOAuthClient(String issuer, String clientId, Clock clock) {
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.clientId = new ClientID(clientId);
        this.clock = clock;
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public String clientId() {
        return clientId.getValue();
    }

    /** The discovery document. The issuer inside it is not compared: Keycloak names itself after the Host it was asked by. */
    private synchronized AuthorizationServerMetadata metadata() {
        if (metadata == null) {
            URI uri = URI.create(issuer + "/.well-known/openid-configuration");
            HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, uri));
            if (response.getStatusCode() == 404) {
                throw new CliException(ExitCode.UNAVAILABLE, "The OIDC issuer " + issuer
                        + " does not exist (404 on its discovery document). Check oidc.issuer with `otactl config show`;"
                        + " with the local stack, run `dev/stack up` (it imports realm ota).");
            }
            if (response.getStatusCode() != 200) {
                throw new CliException(ExitCode.UNAVAILABLE, "The OIDC issuer " + issuer + " answered HTTP "
                        + response.getStatusCode() + " to discovery; is Keycloak ready? (`dev/stack up`)");
            }
            try {
                metadata = AuthorizationServerMetadata.parse(response.getBody());
            } catch (ParseException e) {
                throw new CliException(ExitCode.UNEXPECTED, "Cannot parse the discovery document of " + issuer + ": " + e.getMessage(), e);
            }
        }
        return metadata;
    }

    private HTTPResponse send(HTTPRequest request) {
        request.setConnectTimeout(CONNECT_TIMEOUT_MS);
        request.setReadTimeout(READ_TIMEOUT_MS);
        try {
            return request.send();
        } catch (IOException e) {
            throw CliException.unavailable("Keycloak (OIDC issuer)", issuer, e);
        }
    }

    @Override
    public DeviceAuthorization startDeviceAuthorization(String scope) {
        URI endpoint = metadata().getDeviceAuthorizationEndpointURI();
        if (endpoint == null) {
            throw new CliException(ExitCode.UNEXPECTED, "The issuer " + issuer + " offers no device authorization endpoint.");
        }
        HTTPResponse http = send(new DeviceAuthorizationRequest(endpoint, clientId, Scope.parse(scope)).toHTTPRequest());
        try {
            DeviceAuthorizationResponse response = DeviceAuthorizationResponse.parse(http);
            if (!response.indicatesSuccess()) {
                ErrorObject error = response.toErrorResponse().getErrorObject();
                throw new CliException(ExitCode.NOT_AUTHENTICATED, "Keycloak refused the device login for client "
                        + clientId + ": " + describe(error) + ". Check oidc.client-id (`otactl config show`).");
            }
            DeviceAuthorizationSuccessResponse ok = response.toSuccessResponse();
            return new DeviceAuthorization(ok.getDeviceCode().getValue(), ok.getUserCode().getValue(),
                    ok.getVerificationURI(), ok.getVerificationURIComplete(),
                    Duration.ofSeconds(ok.getInterval() > 0 ? ok.getInterval() : 5),
                    Duration.ofSeconds(ok.getLifetime() > 0 ? ok.getLifetime() : 600));
        } catch (ParseException e) {
            throw new CliException(ExitCode.UNEXPECTED, "Unexpected device authorization response: " + e.getMessage(), e);
        }
    }

    @Override
    public DevicePoll pollDeviceToken(String deviceCode) {
        TokenResponse response = token(new TokenRequest(metadata().getTokenEndpointURI(), clientId,
                new DeviceCodeGrant(new DeviceCode(deviceCode))));
        if (response.indicatesSuccess()) {
            return new Granted(toTokenSet(response.toSuccessResponse()));
        }
        ErrorObject error = response.toErrorResponse().getErrorObject();
        if (DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.equals(error)) {
            return new Pending();
        }
        if (DeviceAuthorizationGrantError.SLOW_DOWN.equals(error)) {
            return new SlowDown();
        }
        if (DeviceAuthorizationGrantError.EXPIRED_TOKEN.equals(error)) {
            throw new CliException(ExitCode.NOT_AUTHENTICATED, "The login code expired before it was approved. Run `otactl login` again.");
        }
        if (OAuth2Error.ACCESS_DENIED.equals(error)) {
            throw new CliException(ExitCode.NOT_AUTHENTICATED, "The login was denied in the browser.");
        }
        throw new CliException(ExitCode.NOT_AUTHENTICATED, "Login failed: " + describe(error) + ".");
    }

    @Override
    public TokenSet refresh(String refreshToken) {
        TokenResponse response = token(new TokenRequest(metadata().getTokenEndpointURI(), clientId,
                new RefreshTokenGrant(new RefreshToken(refreshToken))));
        if (!response.indicatesSuccess()) {
            throw CliException.notAuthenticated("Your session has expired ("
                    + describe(response.toErrorResponse().getErrorObject()) + ").");
        }
        return toTokenSet(response.toSuccessResponse());
    }

    @Override
    public TokenSet clientCredentials(String clientSecret) {
        TokenResponse response = token(new TokenRequest(metadata().getTokenEndpointURI(),
                new ClientSecretBasic(clientId, new Secret(clientSecret)), new ClientCredentialsGrant(), null));
        if (!response.indicatesSuccess()) {
            throw new CliException(ExitCode.NOT_AUTHENTICATED, "Keycloak refused the client credentials of client " + clientId + " ("
                    + describe(response.toErrorResponse().getErrorObject()) + "); check OTACTL_CLIENT_ID and OTACTL_CLIENT_SECRET.");
        }
        return toTokenSet(response.toSuccessResponse());
    }

    @Override
    public TokenSet password(String username, String password) {
        AuthorizationGrant grant = new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password));
        TokenResponse response = token(new TokenRequest(metadata().getTokenEndpointURI(), clientId, grant));
        if (!response.indicatesSuccess()) {
            throw new CliException(ExitCode.NOT_AUTHENTICATED, "Keycloak refused the password of " + username + " ("
                    + describe(response.toErrorResponse().getErrorObject()) + "); check OTACTL_USERNAME and OTACTL_PASSWORD.");
        }
        return toTokenSet(response.toSuccessResponse());
    }

    @Override
    public boolean revoke(String refreshToken) {
        try {
            URI endpoint = metadata().getRevocationEndpointURI();
            if (endpoint == null) {
                return false;
            }
            HTTPResponse response = send(new TokenRevocationRequest(endpoint, clientId, new RefreshToken(refreshToken)).toHTTPRequest());
            return response.getStatusCode() == 200;
        } catch (CliException e) {
            return false;
        }
    }

    private TokenResponse token(TokenRequest request) {
        HTTPResponse http = send(request.toHTTPRequest());
        try {
            return TokenResponse.parse(http);
        } catch (ParseException e) {
            throw new CliException(ExitCode.UNEXPECTED, "Unexpected answer of the token endpoint (HTTP "
                    + http.getStatusCode() + "): " + e.getMessage(), e);
        }
    }

    private TokenSet toTokenSet(AccessTokenResponse response) {
        Tokens tokens = response.getTokens();
        long now = clock.instant().getEpochSecond();
        long lifetime = tokens.getAccessToken().getLifetime();
        long expiresAt = lifetime > 0 ? now + lifetime : Jwts.expiry(tokens.getAccessToken().getValue());
        Object refreshExpiresIn = response.getCustomParameters().get("refresh_expires_in");
        long refreshExpiresAt = 0;
        if (refreshExpiresIn instanceof Number n && n.longValue() > 0) {
            refreshExpiresAt = now + n.longValue();
        }
        Scope scope = tokens.getAccessToken().getScope();
        return new TokenSet(issuer, clientId.getValue(), tokens.getAccessToken().getValue(),
                tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(),
                expiresAt, refreshExpiresAt, scope == null ? null : scope.toString());
    }

    private static String describe(ErrorObject error) {
        if (error == null) {
            return "no reason given";
        }
        return error.getDescription() == null ? String.valueOf(error.getCode()) : error.getCode() + ": " + error.getDescription();
    }
}
