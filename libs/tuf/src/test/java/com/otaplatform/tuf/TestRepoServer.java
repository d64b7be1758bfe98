package com.otaplatform.tuf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a directory tree over real HTTP on 127.0.0.1 with per-path hooks to serve tampered, endless, trickling or
 * stalling bodies.
 */
public final class TestRepoServer implements AutoCloseable {
    @FunctionalInterface
    public interface Hook {
        void handle(HttpExchange ex) throws IOException, InterruptedException;
    }

    private final Path root;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, Hook> hooks = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public TestRepoServer(Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    public void hook(String path, Hook hook) {
        hooks.put("/" + path, hook);
    }

    public void clearHooks() {
        hooks.clear();
    }

    public void serveBytes(String path, byte[] body) {
        hook(path, ex -> send(ex, 200, body));
    }

    public void serveStatus(String path, int status) {
        hook(path, ex -> send(ex, status, new byte[0]));
    }

    /** Chunked body that never ends (bounded to 64 MiB so a broken client cannot hang the build). */
    public void serveEndless(String path) {
        hook(path, ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream os = ex.getResponseBody()) {
                for (int i = 0; i < 8192; i++) {
                    os.write(chunk);
                }
            } catch (IOException expected) {
                // client hung up
            }
        });
    }

    /** Sends {@code body} one byte per {@code millisPerByte}. */
    public void serveTrickle(String path, byte[] body, long millisPerByte) {
        hook(path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                for (byte b : body) {
                    os.write(b);
                    os.flush();
                    Thread.sleep(millisPerByte);
                }
            } catch (IOException expected) {
                // client hung up
            }
        });
    }

    /** Sends headers announcing {@code length} bytes, then nothing for {@code stallMillis}. */
    public void serveStall(String path, long length, long stallMillis) {
        hook(path, ex -> {
            ex.sendResponseHeaders(200, length);
            try {
                ex.getResponseBody().flush();
                Thread.sleep(stallMillis);
            } finally {
                ex.close();
            }
        });
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        requests.add(path);
        try {
            Hook hook = hooks.get(path);
            if (hook != null) {
                hook.handle(ex);
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                send(ex, 404, new byte[0]);
                return;
            }
            send(ex, 200, Files.readAllBytes(file));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
