package com.otaplatform.otactl.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Notes in the trailers of every failed call which service and address it went to, so that the error mapper can
 * say which endpoint could not be reached.
 */
public final class EndpointInterceptor implements ClientInterceptor {
    /** Client-side only: never sent, set locally on the trailers of failed calls. */
    public static final Metadata.Key<String> ENDPOINT_KEY = Metadata.Key.of("otactl-endpoint", Metadata.ASCII_STRING_MARSHALLER);

    private final String description;

    /** @param description for example {@code artifact-service (127.0.0.1:8081)} */
    public EndpointInterceptor(String description) {
        this.description = description;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (!status.isOk()) {
                            trailers.discardAll(ENDPOINT_KEY);
                            trailers.put(ENDPOINT_KEY, description);
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
