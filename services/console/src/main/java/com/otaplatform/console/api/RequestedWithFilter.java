package com.otaplatform.console.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Refuses state-changing API calls that lack the X-Requested-With header the console's page sends.
 * A cross-site form cannot set it and a cross-site script cannot without a CORS preflight that the
 * console does not grant, so the session cookie alone never pauses or aborts a rollout.
 */
@Provider
public class RequestedWithFilter implements ContainerRequestFilter {
    static final String HEADER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public void filter(ContainerRequestContext request) {
        if (!SAFE.contains(request.getMethod()) && request.getHeaderString(HEADER) == null) {
            request.abortWith(Response.status(403).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError(403, "MISSING_REQUESTED_WITH", "",
                            "state-changing calls need the header " + HEADER + " (sent by the console's page)"))
                    .build());
        }
    }
}
