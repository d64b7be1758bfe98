package com.otaplatform.otactl.auth;

import com.otaplatform.otactl.errors.CliException;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Puts {@code authorization: Bearer <token>} on every call; the token is fetched (and refreshed) per call. */
public final class BearerCallCredentials extends CallCredentials {
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Supplier<String> tokens;

    public BearerCallCredentials(Supplier<String> tokens) {
        this.tokens = tokens;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        appExecutor.execute(() -> {
            try {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + tokens.get());
                applier.apply(headers);
            } catch (CliException e) {
                // Keeps the CliException as the cause, so the exit code and message are the ones it chose.
                applier.fail(Status.UNAUTHENTICATED.withDescription(e.getMessage()).withCause(e));
            } catch (RuntimeException e) {
                applier.fail(Status.UNAUTHENTICATED.withDescription("cannot get an access token: " + e).withCause(e));
            }
        });
    }
}
