package io.cachet.testkit.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A redis-server on a free loopback port, no persistence; restartable on the same port. */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final List<String> extraArguments;
    private ServerProcess process;

    private RedisServer(int port, List<String> extraArguments) {
        this.port = port;
        this.dir = ServerProcess.tempDir("redis-" + port);
        this.extraArguments = List.copyOf(extraArguments);
    }

    /** Starts a standalone server. */
    public static RedisServer start() {
        return start(List.of());
    }

    /** Starts a server with extra redis-server arguments (such as {@code --replicaof}). */
    public static RedisServer start(List<String> extraArguments) {
        return new RedisServer(ServerProcess.freePort(0), extraArguments).startProcess();
    }

    /** Starts a server on a given port (see {@link #freePort()}). */
    public static RedisServer startOn(int port, List<String> extraArguments) {
        return new RedisServer(port, extraArguments).startProcess();
    }

    /** A free loopback port, to start a server on later. */
    public static int freePort() {
        return ServerProcess.freePort(0);
    }

    private RedisServer startProcess() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "no", "--loglevel", "warning"));
        command.addAll(extraArguments);
        process = new ServerProcess("redis-server:" + port, command, dir.resolve("server.log"), port)
                .start(this::answersPing);
        return this;
    }

    /** Starts the server again on the same port after {@link #kill()} or {@link #stop()}. */
    public RedisServer restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        return startProcess();
    }

    boolean answersPing() {
        String reply = ServerProcess.exchange(port, "PING\r\n", 64);
        return reply != null && reply.startsWith("+PONG");
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port} */
    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** Runs a redis-cli command against this server and returns its output. */
    public String cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(arguments));
        return ServerProcess.run(command, java.time.Duration.ofSeconds(30)).trim();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once, as a crash would. */
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
        return "redis-server on 127.0.0.1:" + port;
    }
}
