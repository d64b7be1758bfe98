package com.otaplatform.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server for tests (JDK HttpServer on 127.0.0.1, ephemeral port) serving byte arrays
 * with {@code Range: bytes=N-} support, plus misbehaviours: a connection cut mid-body, a stall,
 * and a body longer than announced or signed.
 */
public final class TestImageServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private static final class Resource {
    final byte[] bytes;
    final Misbehaviour misbehaviour;
    final AtomicInteger served = new AtomicInteger();

    Resource(byte[] bytes, Misbehaviour misbehaviour) {
      this.bytes = bytes;
      this.misbehaviour = misbehaviour;
    }
  }

  /** How a resource misbehaves. */
  public sealed interface Misbehaviour permits None, CutFirstAfter, StallAfter, ExtraBytes {}

  public record None() implements Misbehaviour {}

  /** The first request gets {@code bytes} bytes, then the connection drops. */
  public record CutFirstAfter(int bytes) implements Misbehaviour {}

  /** Every request gets {@code bytes} bytes, then nothing for {@code pause}, then the rest. */
  public record StallAfter(int bytes, Duration pause) implements Misbehaviour {}

  /** The body carries {@code extra} bytes more than the resource; chunked hides the length up front. */
  public record ExtraBytes(int extra, boolean chunked) implements Misbehaviour {}

  public TestImageServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String put(String path, byte[] bytes) {
    return put(path, bytes, new None());
  }

  public String put(String path, byte[] bytes, Misbehaviour misbehaviour) {
    resources.put(path, new Resource(bytes, misbehaviour));
    return url(path);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  /** Every request as {@code "<path> <Range header or ->"}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String range = exchange.getRequestHeaders().getFirst("Range");
    requests.add(path + " " + (range == null ? "-" : range));
    Resource r = resources.get(path);
    try (exchange) {
      if (r == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      int request = r.served.incrementAndGet();
      byte[] body = r.bytes;
      if (r.misbehaviour instanceof ExtraBytes extra) {
        body = new byte[r.bytes.length + extra.extra()];
        System.arraycopy(r.bytes, 0, body, 0, r.bytes.length);
      }
      int start = 0;
      if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
        start = Integer.parseInt(range.substring(6, range.length() - 1));
        if (start >= body.length) {
          exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
      }
      int status = start > 0 ? 206 : 200;
      int length = body.length - start;
      boolean chunked = r.misbehaviour instanceof ExtraBytes e && e.chunked();
      exchange.sendResponseHeaders(status, chunked ? 0 : length);
      OutputStream out = exchange.getResponseBody();
      if (r.misbehaviour instanceof CutFirstAfter cut && request == 1) {
        out.write(body, start, Math.min(length, cut.bytes()));
        out.flush();
        // An exception from the handler makes HttpServer drop the connection mid-body.
        throw new IOException("test server cuts the connection");
      }
      if (r.misbehaviour instanceof StallAfter stall) {
        int first = Math.min(length, stall.bytes());
        out.write(body, start, first);
        out.flush();
        try {
          Thread.sleep(stall.pause().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
        out.write(body, start + first, length - first);
      } else {
        out.write(body, start, length);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
