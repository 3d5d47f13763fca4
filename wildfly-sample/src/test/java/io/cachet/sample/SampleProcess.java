package io.cachet.sample;

import io.cachet.testkit.Await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A server process started by a test: its HTTP port, its console log, and the wait until it serves the sample. */
abstract class SampleProcess implements SampleServer {
    protected final Process process;
    private final int port;
    private final Path log;

    SampleProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Waits until the sample answers {@code /sync-me}; if it does not within {@code within}, stops
     * the server and fails with the end of its console.
     */
    void awaitDeployed(String server, Duration within) throws IOException {
        try {
            Await.until(server + " serves the sample", within, this::deployed);
        } catch (AssertionError e) {
            String console = Files.exists(log) ? Files.readString(log) : "";
            close();
            throw new AssertionError(e.getMessage() + "\n" + console.substring(Math.max(0, console.length() - 4000)), e);
        }
    }

    private boolean deployed() {
        if (!process.isAlive()) {
            throw new AssertionError(getClass().getSimpleName() + " exited with " + process.exitValue());
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/sync-me"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public String console() throws IOException {
        return Files.readString(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
