package com.otaplatform.tuf.client;

import com.otaplatform.tuf.ErrorCode;
import com.otaplatform.tuf.TufException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads over java.net.http with a hard size cap enforced while streaming (an endless body is cut as soon as it
 * passes the cap) and a slow-retrieval guard: header timeout, stall timeout and minimum average speed.
 */
public final class HttpFetcher {
    /** Receives body chunks in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    private static final Object END = new Object();
    private static final long POLL_MILLIS = 100;

    private final UpdaterConfig config;
    private final HttpClient client;

    public HttpFetcher(UpdaterConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                // repositories may answer targets with a redirect to a presigned object-store URL; what is fetched is
                // still capped and hash-checked, and HTTPS never downgrades to HTTP
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public byte[] fetchBytes(URI uri, long maxLength, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fetch(uri, maxLength, what, chunk -> {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            out.write(b);
        });
        return out.toByteArray();
    }

    /** Streams the body into {@code sink}; returns the number of bytes received. */
    public long fetch(URI uri, long maxLength, String what, Sink sink) {
        HttpRequest req = HttpRequest.newBuilder(uri).GET().timeout(config.headerTimeout()).build();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
                client.sendAsync(req, HttpResponse.BodyHandlers.ofPublisher());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> resp;
        try {
            resp = future.get(config.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TufException(ErrorCode.SLOW_RETRIEVAL, what + ": no response from " + uri + " within "
                    + config.headerTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(what + ": interrupted", 0, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.net.http.HttpTimeoutException) {
                throw new TufException(ErrorCode.SLOW_RETRIEVAL, what + ": no response from " + uri + " in time", c);
            }
            throw new DownloadException(what + ": request to " + uri + " failed: " + c, 0, c);
        }
        Receiver receiver = new Receiver();
        resp.body().subscribe(receiver);
        if (resp.statusCode() != 200) {
            receiver.cancel();
            throw new DownloadException(what + ": HTTP " + resp.statusCode() + " for " + uri, resp.statusCode(), null);
        }
        OptionalLong declared = resp.headers().firstValueAsLong("content-length");
        if (declared.isPresent() && declared.getAsLong() > maxLength) {
            receiver.cancel();
            throw new TufException(ErrorCode.LENGTH_EXCEEDED, what + ": server announces " + declared.getAsLong()
                    + " bytes, cap is " + maxLength);
        }
        try {
            return receive(receiver, maxLength, what, sink);
        } finally {
            receiver.cancel();
        }
    }

    private long receive(Receiver r, long maxLength, String what, Sink sink) {
        long start = System.nanoTime();
        long lastProgress = start;
        long total = 0;
        long stallNanos = config.stallTimeout().toNanos();
        long graceNanos = config.speedGracePeriod().toNanos();
        while (true) {
            Object item;
            try {
                item = r.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(what + ": interrupted", 0, e);
            }
            long now = System.nanoTime();
            if (item == END) {
                return total;
            }
            if (item instanceof Throwable t) {
                throw new DownloadException(what + ": connection failed after " + total + " bytes: " + t, 0, t);
            }
            if (item != null) {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    int n = b.remaining();
                    if (total + n > maxLength) {
                        throw new TufException(ErrorCode.LENGTH_EXCEEDED, what + ": body exceeds the cap of "
                                + maxLength + " bytes; download cut");
                    }
                    total += n;
                    if (n > 0) {
                        lastProgress = now;
                    }
                    try {
                        sink.accept(b);
                    } catch (IOException e) {
                        throw new DownloadException(what + ": cannot store data: " + e.getMessage(), 0, e);
                    }
                }
                r.requestMore();
            }
            if (now - lastProgress > stallNanos) {
                throw new TufException(ErrorCode.SLOW_RETRIEVAL, what + ": no data for "
                        + config.stallTimeout().toMillis() + " ms after " + total + " bytes; download aborted");
            }
            long elapsed = now - start;
            if (config.minBytesPerSecond() > 0 && elapsed > graceNanos) {
                double speed = total / (elapsed / 1e9);
                if (speed < config.minBytesPerSecond()) {
                    throw new TufException(ErrorCode.SLOW_RETRIEVAL, String.format(
                            "%s: average speed %.1f B/s is below the minimum %d B/s; download aborted", what,
                            speed, config.minBytesPerSecond()));
                }
            }
        }
    }

    /** Pulls one chunk list at a time so that a fast endless body cannot fill memory. */
    private static final class Receiver implements Flow.Subscriber<List<ByteBuffer>> {
        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        void requestMore() {
            Flow.Subscription s = subscription;
            if (s != null && !cancelled) {
                s.request(1);
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }
    }
}
