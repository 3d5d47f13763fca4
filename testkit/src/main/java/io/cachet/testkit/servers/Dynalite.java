package io.cachet.testkit.servers;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * dynalite (a DynamoDB API server on Node.js, from npm) on a free loopback port, in memory,
 * tables ready at once; restartable on the same port. Found in {@code .test-servers/} of the
 * repository (scripts/install-test-servers.sh puts it there) or at {@code -Dcachet.dynalite.cli}.
 */
public final class Dynalite implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean persistent;
    private ServerProcess process;

    private Dynalite(int port, boolean persistent) {
        this.port = port;
        this.dir = ServerProcess.tempDir("dynalite-" + port);
        this.persistent = persistent;
    }

    /** In memory: a restart starts empty. */
    public static Dynalite start() {
        return new Dynalite(ServerProcess.freePort(0), false).startProcess();
    }

    /** On disk (LevelDB in a temporary folder): tables and items survive {@link #restart()}. */
    public static Dynalite startPersistent() {
        return new Dynalite(ServerProcess.freePort(0), true).startProcess();
    }

    private Dynalite startProcess() {
        List<String> command = new java.util.ArrayList<>(List.of("node", cli().toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (persistent) {
            command.addAll(List.of("--path", dir.resolve("data").toString()));
        }
        process = new ServerProcess("dynalite:" + port, command, dir.resolve("dynalite.log"), port).start(this::accepts);
        return this;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static Path cli() {
        String configured = System.getProperty("cachet.dynalite.cli");
        if (configured != null) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".test-servers/node_modules/dynalite/cli.js");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("dynalite is not installed: run scripts/install-test-servers.sh"
                + " (or pass -Dcachet.dynalite.cli=/path/to/dynalite/cli.js)");
    }

    /** Starts it again on the same port: empty, unless it was started persistent. */
    public Dynalite restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        return startProcess();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
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
        return "dynalite on 127.0.0.1:" + port;
    }
}
