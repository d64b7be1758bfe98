package com.otaplatform.otactl.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * Tokens as issued by the token endpoint, and as stored in credentials.json (times in epoch seconds; 0 = unknown).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenSet(
        @JsonProperty("issuer") String issuer,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("expires_at") long expiresAt,
        @JsonProperty("refresh_expires_at") long refreshExpiresAt,
        @JsonProperty("scope") String scope) {

    /** Tokens count as expired this long before their expiry, so a call never starts with a token about to lapse. */
    public static final Duration SKEW = Duration.ofSeconds(30);

    public boolean accessTokenValid(Instant now) {
        return accessToken != null && !accessToken.isBlank()
                && (expiresAt == 0 || now.plus(SKEW).getEpochSecond() < expiresAt);
    }

    public boolean refreshTokenUsable(Instant now) {
        return refreshToken != null && !refreshToken.isBlank()
                && (refreshExpiresAt == 0 || now.plus(SKEW).getEpochSecond() < refreshExpiresAt);
    }

    /** This token set with a refreshed access token (and refresh token, when the server rotated it). */
    public TokenSet refreshedWith(TokenSet fresh) {
        return new TokenSet(issuer, clientId, fresh.accessToken,
                fresh.refreshToken != null ? fresh.refreshToken : refreshToken,
                fresh.expiresAt,
                fresh.refreshToken != null ? fresh.refreshExpiresAt : refreshExpiresAt,
                fresh.scope != null ? fresh.scope : scope);
    }
}
