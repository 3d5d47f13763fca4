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
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro 6 (Jakarta EE 10, Jersey) running the sample WAR, unchanged, at the root, on a free
 * loopback port: {@code java -jar payara-micro.jar --deploy cachet-sample.war:/ ...}. The jar is
 * the one the build copied ({@code cachet.payara.jar}); the users the tests log in as (alice and
 * bob, group {@code users}; operator, group {@code cachet-admin}, password {@code secret-<name>})
 * are created by a post-boot command file in a file realm named {@code ApplicationRealm}, the
 * realm the sample's {@code web.xml} names, with groups mapped to roles of the same name.
 */
final class Payara implements SampleServer {
    private final Process process;
    private final int port;
    private final Path log;

    private Payara(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Payara start(Map<String, String> systemProperties) throws IOException {
        Path jar = Paths.get(System.getProperty("cachet.payara.jar", "target/payara/payara-micro.jar")).toAbsolutePath();
        Path war = Paths.get(System.getProperty("cachet.sample.war", "target/cachet-sample.war")).toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(war)) {
            throw new IllegalStateException("no Payara Micro at " + jar + " or no sample at " + war + ": run mvn verify");
        }
        Path base = Files.createTempDirectory("cachet-payara-");
        Path commands = base.resolve("post-boot.asadmin");
        StringBuilder script = new StringBuilder()
                .append("set configs.config.server-config.security-service.activate-default-principal-to-role-mapping=true\n")
                .append("create-auth-realm --classname com.sun.enterprise.security.auth.realm.file.FileRealm --property file=")
                .append(base.resolve("keyfile").toString().replace(":", "\\:")).append(":jaas-context=fileRealm ApplicationRealm\n");
        for (String user : List.of("alice=users", "bob=users", "operator=cachet-admin")) {
            String name = user.substring(0, user.indexOf('='));
            Path password = base.resolve(name + ".password");
            Files.writeString(password, "AS_ADMIN_USERPASSWORD=secret-" + name + "\n");
            script.append("create-file-user --authrealmname ApplicationRealm --groups ").append(user.substring(name.length() + 1))
                    .append(" --passwordfile ").append(password).append(' ').append(name).append('\n');
        }
        Files.writeString(commands, script);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"));
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "--deploy", war + ":/", "--port", Integer.toString(port),
                "--nocluster", "--noHazelcast", "--rootdir", base.resolve("root").toString(),
                "--postbootcommandfile", commands.toString()));
        Path log = base.resolve("console.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Payara server = new Payara(process, port, log);
        try {
            Await.until("Payara Micro serves the sample", Duration.ofSeconds(240), server::deployed);
        } catch (AssertionError e) {
            String console = Files.exists(log) ? Files.readString(log) : "";
            server.close();
            throw new AssertionError(e.getMessage() + "\n" + console.substring(Math.max(0, console.length() - 4000)), e);
        }
        return server;
    }

    private boolean deployed() {
        if (!process.isAlive()) {
            throw new AssertionError("Payara Micro exited with " + process.exitValue());
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
