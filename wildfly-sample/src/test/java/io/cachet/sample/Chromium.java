package io.cachet.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's package) driven over the DevTools protocol: enough to load a page,
 * reload it, and read the network events the browser reports.
 */
final class Chromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private final Process process;
    private final WebSocket socket;
    /** Every message the page sent, in order. */
    private final List<String> events;
    private final AtomicInteger ids = new AtomicInteger();

    private Chromium(Process process, WebSocket socket, List<String> events) {
        this.process = process;
        this.socket = socket;
        this.events = events;
    }

    static Chromium start() throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : null;
        if (binary == null) {
            throw new IllegalStateException("chromium is not installed: run scripts/install-test-servers.sh");
        }
        Path profile = Files.createTempDirectory("cachet-chromium-");
        Process process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).start();
        String browserSocket = null;
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; browserSocket == null && System.nanoTime() < end && (line = output.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserSocket = m.group(1);
            }
        }
        if (browserSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not open its DevTools socket");
        }
        Thread drain = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserSocket);
        String targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher page = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"",
                Pattern.DOTALL).matcher(targets);
        Matcher anyPage = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"")
                .matcher(targets);
        String pageSocket = page.find() ? page.group(1) : anyPage.find() ? anyPage.group(1) : null;
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("no page target in " + targets);
        }
        List<String> events = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            events.add(message.toString());
                            message.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        return new Chromium(process, socket, events);
    }

    /** Every message the page has sent so far. */
    List<String> events() {
        return events;
    }

    /** Sends a command and waits for its answer. */
    String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .get(30, TimeUnit.SECONDS);
        String prefix = "{\"id\":" + id + ",";
        return awaitEvent(message -> message.startsWith(prefix), Duration.ofSeconds(30));
    }

    /** Waits for a message the page sends (never a guessed sleep). */
    String awaitEvent(java.util.function.Predicate<String> match, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            for (String message : events) {
                if (match.test(message)) {
                    return message;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        String all = String.join("\n", events);
        throw new AssertionError("no matching DevTools message within " + within + "; the last ones:\n"
                + all.substring(Math.max(0, all.length() - 3000)));
    }

    @Override
    public void close() {
        socket.abort();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
