package io.cachet.testkit.servers;

import java.util.ArrayList;
import java.util.List;

/** A memcached on a free loopback port (64 MB, 1 MB items, no UDP); restartable on the same port. */
public final class MemcachedServer extends LoopbackServer {

    private MemcachedServer(int port) {
        super("memcached", port);
    }

    public static MemcachedServer start() {
        MemcachedServer server = new MemcachedServer(ServerProcess.freePort(0));
        server.startProcess();
        return server;
    }

    @Override
    protected void startProcess() {
        List<String> command = new ArrayList<>(List.of("memcached", "-p", Integer.toString(port), "-l", "127.0.0.1",
                "-U", "0", "-m", "64", "-I", "1m", "-t", "1"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root"));
        }
        process = new ServerProcess("memcached:" + port, command, dir.resolve("memcached.log"), port)
                .start(this::answersVersion);
    }

    private boolean answersVersion() {
        String reply = ServerProcess.exchange(port, "version\r\n", 64);
        return reply != null && reply.startsWith("VERSION");
    }

    /** Starts it again on the same port, empty, after {@link #kill()} or {@link #stop()}. */
    public MemcachedServer restart() {
        restartProcess();
        return this;
    }

    /** {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + port;
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
}
