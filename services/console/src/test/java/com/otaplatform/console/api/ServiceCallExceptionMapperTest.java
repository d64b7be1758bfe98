package com.otaplatform.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.otaplatform.console.client.ServiceCallException;
import org.junit.jupiter.api.Test;

class ServiceCallExceptionMapperTest {

    @Test
    void shouldMapGrpcCodesToHttpStatuses() {
        assertThat(ServiceCallExceptionMapper.httpStatus("PERMISSION_DENIED")).isEqualTo(403);
        assertThat(ServiceCallExceptionMapper.httpStatus("UNAUTHENTICATED")).isEqualTo(401);
        assertThat(ServiceCallExceptionMapper.httpStatus("FAILED_PRECONDITION")).isEqualTo(409);
        assertThat(ServiceCallExceptionMapper.httpStatus("UNIMPLEMENTED")).isEqualTo(501);
        assertThat(ServiceCallExceptionMapper.httpStatus("UNAVAILABLE")).isEqualTo(503);
        assertThat(ServiceCallExceptionMapper.httpStatus("INTERNAL")).isEqualTo(502);
    }

    @Test
    void shouldKeepTheServicesWordsInTheBody() {
        var response = new ServiceCallExceptionMapper().toResponse(
                new ServiceCallException("rollout-service", "PERMISSION_DENIED", "the caller's roles do not allow PauseRollout", null));
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getEntity()).isEqualTo(new ApiError(403, "PERMISSION_DENIED", "rollout-service", "the caller's roles do not allow PauseRollout"));
    }
}
