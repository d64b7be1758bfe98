package com.otaplatform.otactl.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Reads claims of an access token without checking it (the services check it; otactl only shows what it holds). */
public final class Jwts {
    private Jwts() {
    }

    public static JWTClaimsSet claims(String token) {
        try {
            return JWTParser.parse(token).getJWTClaimsSet();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    /** The exp claim in epoch seconds, 0 when unknown. */
    public static long expiry(String token) {
        JWTClaimsSet claims = claims(token);
        Date exp = claims == null ? null : claims.getExpirationTime();
        return exp == null ? 0 : exp.toInstant().getEpochSecond();
    }

    /** Keycloak's realm roles ({@code realm_access.roles}). */
    public static List<String> realmRoles(String token) {
        JWTClaimsSet claims = claims(token);
        if (claims == null) {
            return List.of();
        }
        Object realmAccess = claims.getClaim("realm_access");
        if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof List<?> roles) {
            List<String> out = new ArrayList<>();
            roles.forEach(r -> out.add(String.valueOf(r)));
            return out;
        }
        return List.of();
    }

    /** A readable name of who the token is for: preferred_username, else azp for a client, else sub. */
    public static String subject(String token) {
        JWTClaimsSet claims = claims(token);
        if (claims == null) {
            return "unknown";
        }
        Object preferred = claims.getClaim("preferred_username");
        if (preferred != null) {
            return preferred.toString();
        }
        return claims.getSubject() == null ? "unknown" : claims.getSubject();
    }
}
