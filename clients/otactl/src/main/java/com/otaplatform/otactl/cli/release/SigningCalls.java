package com.otaplatform.otactl.cli.release;

import com.otaplatform.otactl.auth.BearerCallCredentials;
import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.otactl.grpc.EndpointInterceptor;
import com.otaplatform.otactl.grpc.Endpoints;
import com.otaplatform.signing.v1.SignReleaseRequest;
import com.otaplatform.signing.v1.SignReleaseResponse;
import com.otaplatform.signing.v1.SigningServiceGrpc;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;

import java.util.concurrent.TimeUnit;

/** SignRelease on signing-service (configured {@code signing.endpoint}), on a channel opened for the one call. */
final class SigningCalls {
    private static final long DEADLINE_SECONDS = 60;

    private SigningCalls() {
    }

    static SignReleaseResponse signRelease(CliContext context, String release) {
        String endpoint = context.config().signingEndpoint();
        context.tokens().accessToken(); // a missing login fails here, with its own message and exit code
        ManagedChannel channel = Endpoints.open(endpoint);
        try {
            var stub = SigningServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
                            new EndpointInterceptor("signing-service (" + Endpoints.target(endpoint) + ")")))
                    .withCallCredentials(new BearerCallCredentials(context.tokens()::accessToken))
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            return stub.signRelease(SignReleaseRequest.newBuilder().setRelease(release).build());
        } finally {
            channel.shutdownNow();
        }
    }
}
