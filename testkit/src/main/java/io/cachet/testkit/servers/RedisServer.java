package io.cachet.testkit.servers;

import java.util.ArrayList;
import java.util.List;

/** A redis-server on a free loopback port, no persistence; restartable on the same port. */
public final class RedisServer extends LoopbackServer {
    private final List<String> extraArguments;

    private RedisServer(int port, List<String> extraArguments) {
        super("redis-server", port);
        this.extraArguments = List.copyOf(extraArguments);
    }

    /** Starts a standalone server. */
    public static RedisServer start() {
        return start(List.of());
    }

    /** Starts a server with extra redis-server arguments (such as {@code --replicaof}). */
    public static RedisServer start(List<String> extraArguments) {
        RedisServer server = new RedisServer(ServerProcess.freePort(0), extraArguments);
        server.startProcess();
        return server;
    }

    /** Starts a server on a given port (see {@link #freePort()}). */
    public static RedisServer startOn(int port, List<String> extraArguments) {
        RedisServer server = new RedisServer(port, extraArguments);
        server.startProcess();
        return server;
    }

    /** A free loopback port, to start a server on later. */
    public static int freePort() {
        return ServerProcess.freePort(0);
    }

    @Override
    protected void startProcess() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "no", "--loglevel", "warning"));
        command.addAll(extraArguments);
        process = new ServerProcess("redis-server:" + port, command, dir.resolve("server.log"), port)
                .start(this::answersPing);
    }

    /** Starts the server again on the same port after {@link #kill()} or {@link #stop()}. */
    public RedisServer restart() {
        restartProcess();
        return this;
    }

    boolean answersPing() {
        String reply = ServerProcess.exchange(port, "PING\r\n", 64);
        return reply != null && reply.startsWith("+PONG");
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
}
