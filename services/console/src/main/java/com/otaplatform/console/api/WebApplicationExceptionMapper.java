package com.otaplatform.console.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Gives the console's own refusals (bad input, unknown path) the same JSON body as the services' refusals. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = status == 400 ? "INVALID_ARGUMENT" : e.getResponse().getStatusInfo().getReasonPhrase().toUpperCase().replace(' ', '_');
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, code, "", e.getMessage())).build();
    }
}
