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
public final class Dynalite extends LoopbackServer {
    private final boolean persistent;

    private Dynalite(int port, boolean persistent) {
        super("dynalite", port);
        this.persistent = persistent;
    }

    /** In memory: a restart starts empty. */
    public static Dynalite start() {
        Dynalite server = new Dynalite(ServerProcess.freePort(0), false);
        server.startProcess();
        return server;
    }

    /** On disk (LevelDB in a temporary folder): tables and items survive {@link #restart()}. */
    public static Dynalite startPersistent() {
        Dynalite server = new Dynalite(ServerProcess.freePort(0), true);
        server.startProcess();
        return server;
    }

    @Override
    protected void startProcess() {
        List<String> command = new java.util.ArrayList<>(List.of("node", "--require", survivesAborts().toString(),
                cli().toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (persistent) {
            command.addAll(List.of("--path", dir.resolve("data").toString()));
        }
        process = new ServerProcess("dynalite:" + port, command, dir.resolve("dynalite.log"), port).start(this::accepts);
    }

    /**
     * dynalite rethrows a request's {@code aborted} error (a client that hangs up mid-request, as a
     * timed-out SDK call does), which ends the process; DynamoDB just drops that request. This
     * preloaded handler drops it too, and still ends the process on any other error.
     */
    private Path survivesAborts() {
        Path script = dir.resolve("survive-aborts.js");
        try {
            Files.writeString(script, String.join("\n",
                    "process.on('uncaughtException', function (err) {",
                    "  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) { return; }",
                    "  console.error(err);",
                    "  process.exit(1);",
                    "});", ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return script;
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
        restartProcess();
        return this;
    }

    /** {@code http://127.0.0.1:port} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }
}
