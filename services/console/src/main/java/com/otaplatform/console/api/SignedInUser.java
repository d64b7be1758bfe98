package com.otaplatform.console.api;

import com.otaplatform.common.Roles;
import com.otaplatform.console.client.UserCredentials;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The person behind the current request: name, platform roles, and their token for calls to the services. */
@RequestScoped
public class SignedInUser {
    private static final List<String> PLATFORM_ROLES = List.of(Roles.OPERATOR, Roles.RELEASE_ENGINEER, Roles.VIEWER, Roles.FLEET_ADMIN);

    @Inject
    SecurityIdentity identity;

    /** The user's access token as call credentials. */
    public UserCredentials credentials() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null || token.getToken() == null) {
            throw new UnauthorizedException("no access token in this session");
        }
        return UserCredentials.of(token.getToken());
    }

    public String name() {
        return identity.getPrincipal().getName();
    }

    /** The user's platform roles (other Keycloak roles left out). */
    public Set<String> roles() {
        Set<String> roles = new TreeSet<>();
        PLATFORM_ROLES.stream().filter(identity::hasRole).forEach(roles::add);
        return roles;
    }

    /** Whether the user may steer rollouts; only decides what the page offers, rollout-service checks again. */
    public boolean mayOperate() {
        return identity.hasRole(Roles.OPERATOR);
    }
}
