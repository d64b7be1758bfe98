package com.otaplatform.checkin.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.otaplatform.checkin.config.CheckinConfig;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.StatusProto;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sheds load instead of falling over: a vehicle call beyond the in-flight limit is answered at once
 * with RESOURCE_EXHAUSTED and a RetryInfo delay (spread, so that refused vehicles do not come back together).
 */
@ApplicationScoped
public class CheckInLoadShedder implements ServerInterceptor {
    private final Semaphore inFlight;
    private final long retryAfterMillis;

    CheckInLoadShedder(CheckinConfig config) {
        this.inFlight = new Semaphore(config.maxInFlight());
        this.retryAfterMillis = config.shedRetryAfter().toMillis();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!inFlight.tryAcquire()) {
            long delay = retryAfterMillis + ThreadLocalRandom.current().nextLong(retryAfterMillis + 1);
            com.google.rpc.Status refusal = com.google.rpc.Status.newBuilder()
                    .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                    .setMessage("check-in is at capacity; retry after " + delay + " ms")
                    .addDetails(Any.pack(RetryInfo.newBuilder()
                            .setRetryDelay(Duration.newBuilder().setSeconds(delay / 1000).setNanos((int) (delay % 1000) * 1_000_000)).build()))
                    .build();
            var exception = StatusProto.toStatusRuntimeException(refusal);
            call.close(exception.getStatus(), exception.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
        try {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onComplete() {
                    release.run();
                    super.onComplete();
                }

                @Override
                public void onCancel() {
                    release.run();
                    super.onCancel();
                }
            };
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }
}
