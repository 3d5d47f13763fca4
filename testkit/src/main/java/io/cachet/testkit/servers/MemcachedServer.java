package io.cachet.testkit.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A memcached on a free loopback port (64 MB, 1 MB items, no UDP); restartable on the same port. */
public final class MemcachedServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private ServerProcess process;

    private MemcachedServer(int port) {
        this.port = port;
        this.dir = ServerProcess.tempDir("memcached-" + port);
    }

    public static MemcachedServer start() {
        return new MemcachedServer(ServerProcess.freePort(0)).startProcess();
    }

    private MemcachedServer startProcess() {
        List<String> command = new ArrayList<>(List.of("memcached", "-p", Integer.toString(port), "-l", "127.0.0.1",
                "-U", "0", "-m", "64", "-I", "1m", "-t", "1"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root"));
        }
        process = new ServerProcess("memcached:" + port, command, dir.resolve("memcached.log"), port)
                .start(this::answersVersion);
        return this;
    }

    private boolean answersVersion() {
        String reply = ServerProcess.exchange(port, "version\r\n", 64);
        return reply != null && reply.startsWith("VERSION");
    }

    /** Starts it again on the same port, empty, after {@link #kill()} or {@link #stop()}. */
    public MemcachedServer restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        return startProcess();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends one text-protocol command and returns the reply. */
    public String command(String line) {
        String reply = ServerProcess.exchange(port, line + "\r\n", 1 << 16);
        if (reply == null) {
            throw new IllegalStateException(this + " did not answer '" + line + "'");
        }
        return reply;
    }

    /** The number of items the server holds now. */
    public long items() {
        for (String line : command("stats").split("\r\n")) {
            if (line.startsWith("STAT curr_items ")) {
                return Long.parseLong(line.substring("STAT curr_items ".length()).trim());
            }
        }
        throw new IllegalStateException("no curr_items in stats of " + this);
    }

    public void kill() {
        process.kill();
    }

    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "memcached on 127.0.0.1:" + port;
    }
}
