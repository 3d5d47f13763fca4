package io.cachet.testkit.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of a real server, that can make the path to it
 * slow, lossy or dead the ways a network does: {@link #latency} (every chunk of bytes waits first),
 * {@link #blackhole} (connections stay open, bytes vanish both ways), {@link #reset} (every open
 * connection is reset, RST), {@link #refuse} (new connections are closed as they come), and
 * {@link #heal}. Threads are daemons, two per connection; {@link #close} stops them all.
 */
public final class FaultProxy implements AutoCloseable {
    private enum Mode { PASS, BLACKHOLE, REFUSE }

    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMillis;
    private volatile boolean closed;

    private FaultProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("accept", this::accept).start();
    }

    /** A proxy to {@code 127.0.0.1:targetPort}, passing everything through until told otherwise. */
    public static FaultProxy to(int targetPort) {
        return new FaultProxy(targetPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Every chunk of bytes, both ways, waits this long before it is passed on. */
    public void latency(Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    /** Bytes vanish both ways; connections stay open (a partition, a dead switch). */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** New connections are closed as they come (the server is gone). */
    public void refuse() {
        mode = Mode.REFUSE;
    }

    /** Resets every open connection (RST), as a crashed server's host would. */
    public void reset() {
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    /** Back to a healthy path: no latency, bytes pass, connections are accepted. */
    public void heal() {
        latencyMillis = 0;
        mode = Mode.PASS;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.REFUSE) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            daemon("up", () -> pump(client, server)).start();
            daemon("down", () -> pump(server, client)).start();
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                long delay = latencyMillis;
                if (delay > 0) {
                    Thread.sleep(delay); // the injected fault itself, not a test waiting on a race
                }
                if (mode == Mode.BLACKHOLE) {
                    continue;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side is gone: so is the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private Thread daemon(String role, Runnable body) {
        Thread thread = new Thread(body, "fault-proxy-" + port() + "-" + role + "-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // best effort
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    @Override
    public String toString() {
        return "fault proxy " + address() + " -> 127.0.0.1:" + targetPort;
    }
}
