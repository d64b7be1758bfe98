package com.otaplatform.console.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/** Who is signed in and what the page may offer them. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    /** The signed-in user as the page needs it. */
    public record Me(String name, Set<String> roles, Capabilities may) {
    }

    /** What the page shows controls for; the services decide again on every call. */
    public record Capabilities(boolean operateRollouts) {
    }

    @Inject
    SignedInUser user;

    @GET
    public Me me() {
        return new Me(user.name(), user.roles(), new Capabilities(user.mayOperate()));
    }
}
