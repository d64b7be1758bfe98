package com.otaplatform.bench.checkin;

import com.otaplatform.vehicle.v1.CheckInResponse;
import com.otaplatform.vehicle.v1.VehicleServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Check-in load from this process over loopback: calls from vehicles drawn at random from a fixed set
 * of provisioned vehicles, each on its own mutual-TLS channel, bounded by a duration and a call count. A vehicle has at most
 * one call in flight: each check-in answers the nonce its previous one got (per server, so each contender has its own).
 * Closed loop (a fixed number of calls
 * in flight, for peak throughput) or open loop (a fixed arrival rate, latency counted from when a call
 * was due, so that a slow server cannot hide its queueing).
 */
final class LoadGenerator implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<VehicleCalls.Caller> callers;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<VehicleServiceGrpc.VehicleServiceStub> stubs = new ArrayList<>();
    /** The nonce each caller's next check-in answers. */
    private final AtomicReferenceArray<String> nonces;
    /** Callers with no call in flight, in random order. */
    private final ConcurrentLinkedQueue<Integer> idle = new ConcurrentLinkedQueue<>();

    /** One channel per calling vehicle, each authenticated with that vehicle's certificate. */
    LoadGenerator(VehicleCalls.Endpoint endpoint, List<VehicleCalls.Caller> callers) {
        this.callers = callers;
        for (VehicleCalls.Caller caller : callers) {
            ManagedChannel channel = VehicleCalls.channel(endpoint, caller);
            channels.add(channel);
            stubs.add(VehicleServiceGrpc.newStub(channel));
        }
        this.nonces = new AtomicReferenceArray<>(callers.size());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < callers.size(); i++) {
            nonces.set(i, "");
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        idle.addAll(order);
    }

    /** What one round of load saw. Latencies are of successful calls, in nanoseconds. */
    record Round(long ok, long assigned, long shed, long failed, double wallSeconds, long[] latencies, String firstError) {
        double callsPerSecond() {
            return ok / wallSeconds;
        }
    }

    /** Keeps {@code inFlight} calls going until {@code duration} or {@code maxCalls} is reached. */
    Round closedLoop(int inFlight, Duration duration, int maxCalls) throws InterruptedException {
        if (inFlight > callers.size()) {
            throw new IllegalArgumentException(inFlight + " calls in flight need as many calling vehicles, not " + callers.size());
        }
        Recorder recorder = new Recorder(maxCalls);
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(inFlight);
        long start = System.nanoTime();
        for (int worker = 0; worker < inFlight; worker++) {
            new Object() {
                void next() {
                    if (System.nanoTime() >= end || started.incrementAndGet() > maxCalls) {
                        done.countDown();
                        return;
                    }
                    long sent = System.nanoTime();
                    call(recorder, sent, this::next);
                }
            }.next();
        }
        done.await();
        return recorder.round((System.nanoTime() - start) / 1e9);
    }

    /** Sends {@code callsPerSecond} for {@code duration} whatever the answers take; latency is measured from when each call was due. */
    Round openLoop(double callsPerSecond, Duration duration) throws InterruptedException {
        int calls = (int) (callsPerSecond * duration.toNanos() / 1e9);
        Recorder recorder = new Recorder(calls);
        CountDownLatch done = new CountDownLatch(calls);
        long start = System.nanoTime();
        double interval = 1e9 / callsPerSecond;
        for (int i = 0; i < calls; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            call(recorder, due, done::countDown);
        }
        if (!done.await(DEADLINE.toSeconds() * 2, TimeUnit.SECONDS)) {
            throw new IllegalStateException("open-loop calls still unanswered after their deadline");
        }
        return recorder.round((System.nanoTime() - start) / 1e9);
    }

    private void call(Recorder recorder, long since, Runnable then) {
        Integer caller = idle.poll();
        if (caller == null) {
            recorder.failed(Status.UNAVAILABLE.withDescription("all " + callers.size() + " calling vehicles have a call in flight"));
            then.run();
            return;
        }
        stubs.get(caller).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .checkIn(VehicleCalls.checkIn(callers.get(caller), nonces.get(caller)), new StreamObserver<>() {
                    private boolean assigned;

                    @Override
                    public void onNext(CheckInResponse response) {
                        assigned = response.hasAssignment();
                        nonces.set(caller, response.getNonce());
                    }

                    @Override
                    public void onError(Throwable failure) {
                        idle.add(caller);
                        recorder.failed(Status.fromThrowable(failure));
                        then.run();
                    }

                    @Override
                    public void onCompleted() {
                        idle.add(caller);
                        recorder.ok(System.nanoTime() - since, assigned);
                        then.run();
                    }
                });
    }

    /** Outcomes of one round, recorded from the channels' threads. */
    private static final class Recorder {
        private final long[] latencies;
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicLong assigned = new AtomicLong();
        private final AtomicLong shed = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private volatile String firstError = "";

        Recorder(int maxCalls) {
            this.latencies = new long[maxCalls];
        }

        void ok(long nanos, boolean assignment) {
            latencies[ok.getAndIncrement()] = nanos;
            if (assignment) {
                assigned.incrementAndGet();
            }
        }

        void failed(Status status) {
            if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                shed.incrementAndGet();
            } else if (failed.getAndIncrement() == 0) {
                firstError = status.toString();
            }
        }

        Round round(double wallSeconds) {
            return new Round(ok.get(), assigned.get(), shed.get(), failed.get(), wallSeconds, Arrays.copyOf(latencies, ok.get()),
                    firstError);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
