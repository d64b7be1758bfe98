package com.otaplatform.fleetsim.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What a Kubernetes Service does for the replicas behind it, on loopback: a TCP proxy that spreads
 * connections round-robin over the backends and skips a backend that refuses connections (a dead replica).
 * It can also {@link #dropAnswers() lose the answers} the backends write on the connections open, to play a
 * replica that did a request's work and died before its answer left.
 */
final class ServiceProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    /** The connections open, each with whether what its backend writes is thrown away. */
    private final Map<Socket, AtomicBoolean> answersDropped = new ConcurrentHashMap<>();
    private final ExecutorService pipes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "service-proxy");
        thread.setDaemon(true);
        return thread;
    });

    ServiceProxy(int port, List<Integer> backends) throws IOException {
        this.backends = backends;
        this.listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        pipes.execute(this::accept);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pipes.execute(() -> connect(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        for (int attempt = 0; attempt < backends.size(); attempt++) {
            int port = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            } catch (IOException refused) {
                close(backend);
                continue;
            }
            AtomicBoolean dropped = new AtomicBoolean();
            answersDropped.put(client, dropped);
            pipes.execute(() -> pipe(client, backend, () -> false));
            pipes.execute(() -> pipe(backend, client, dropped::get));
            return;
        }
        close(client);
    }

    /**
     * From now on, what the backends write on the connections open now is read and thrown away instead of reaching
     * the clients; a backend that goes away still closes its clients' connections. Requests still reach the backends,
     * so their work is done. Connections opened later pass both ways.
     */
    void dropAnswers() {
        answersDropped.values().forEach(dropped -> dropped.set(true));
    }

    /** Copies {@code from} to {@code to}, or only reads it while {@code dropped} says so. */
    private void pipe(Socket from, Socket to, BooleanSupplier dropped) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!dropped.getAsBoolean()) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException broken) {
            // one side went away: close both so the client reconnects
        } finally {
            answersDropped.remove(from);
            answersDropped.remove(to);
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pipes.shutdownNow();
    }
}
