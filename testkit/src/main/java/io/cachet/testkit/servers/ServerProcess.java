package io.cachet.testkit.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server process on a loopback port, started by a test and always stopped: on
 * {@link #stop()}, and by a shutdown hook if the test JVM ends first. Its output goes to a log
 * file that failures quote.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "cachet-test-servers-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Path log;
    private final int port;
    private volatile Process process;

    ServerProcess(String name, List<String> command, Path log, int port) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** Starts the process and waits until {@code ready} holds. */
    ServerProcess start(BooleanSupplier ready) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + command.get(0)
                    + "): is it installed? Run scripts/install-test-servers.sh", e);
        }
        awaitReady(ready, Duration.ofSeconds(30));
        return this;
    }

    private void awaitReady(BooleanSupplier ready, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name + " not ready within " + within + ":\n" + logTail());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Whether the process is running. */
    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            waitFor(current);
        }
    }

    /** Stops the process politely (SIGTERM), and waits until it is gone. */
    public void stop() {
        Process current = process;
        if (current != null) {
            current.destroy();
            if (!waitFor(current)) {
                current.destroyForcibly();
                waitFor(current);
            }
        }
    }

    private boolean waitFor(Process current) {
        try {
            boolean ended = current.waitFor(10, TimeUnit.SECONDS);
            if (ended) {
                LIVE.remove(current);
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port;
    }

    // ---- helpers shared by the server kinds ----

    /** A free loopback port; with {@code busOffset > 0}, port + offset is free too (Redis Cluster). */
    static int freePort(int busOffset) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = busOffset == 0 ? anyFreePort() : ThreadLocalRandom.current().nextInt(20_000, 55_000);
            if (isFree(candidate) && (busOffset == 0 || isFree(candidate + busOffset))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends one line to a loopback port and returns what comes back, or null when unreachable. */
    static String exchange(int port, String request, int maxBytes) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[maxBytes];
            int read = in.read(buffer);
            return read <= 0 ? null : new String(buffer, 0, read, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs a short command (such as redis-cli) and returns its output; fails on a non-zero exit. */
    static String run(List<String> command, Duration within) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + within);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": run scripts/install-test-servers.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory("cachet-" + prefix + "-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
