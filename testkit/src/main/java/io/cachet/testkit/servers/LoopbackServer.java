package io.cachet.testkit.servers;

import java.nio.file.Path;

/**
 * What every test server shares: a fixed loopback port and folder, and a process that can be
 * killed (as a crash would) or stopped, then started again on the same port.
 */
public abstract class LoopbackServer implements AutoCloseable {
    private final String kind;
    protected final int port;
    protected final Path dir;
    protected ServerProcess process;

    protected LoopbackServer(String kind, int port) {
        this.kind = kind;
        this.port = port;
        this.dir = ServerProcess.tempDir(kind + "-" + port);
    }

    /** Starts the process and waits until it answers. */
    protected abstract void startProcess();

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops the server politely (SIGTERM). */
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** Starts the server again on the same port after {@link #kill()} or {@link #stop()}. */
    protected void restartProcess() {
        if (isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return kind + " on 127.0.0.1:" + port;
    }
}
