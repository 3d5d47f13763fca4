package io.cachet.sample;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The WildFly the build provisioned ({@code target/server}, the sample deployed as ROOT.war),
 * started for a test with system properties, on a free port offset, and stopped with all its
 * processes.
 */
final class WildFly extends SampleProcess {
    private WildFly(Process process, int httpPort, Path log) {
        super(process, httpPort, log);
    }

    static WildFly start(Map<String, String> systemProperties) throws IOException {
        Path home = Paths.get(System.getProperty("cachet.wildfly.home", "target/server")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException("no provisioned WildFly at " + home + ": run mvn package first");
        }
        int offset = freeOffset();
        Path base = Files.createTempDirectory("cachet-wildfly-");
        copyConfiguration(home, base);
        addUsers(base.resolve("configuration"), "alice=users", "bob=users", "operator=cachet-admin");
        cacheSecuredPages(base.resolve("configuration/standalone.xml"));
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + offset, "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1"));
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        Path log = base.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JAVA_OPTS", "-Xms128m -Xmx512m -XX:+UseSerialGC");
        WildFly server = new WildFly(builder.start(), 8080 + offset, log);
        server.awaitDeployed("WildFly", Duration.ofSeconds(180));
        return server;
    }

    /**
     * Undertow marks every response to a container-secured request {@code no-store} unless told
     * otherwise; Cachet honours that. A user who wants such pages cached per user turns it off, as
     * this test server does.
     */
    private static void cacheSecuredPages(Path standaloneXml) throws IOException {
        String xml = Files.readString(standaloneXml);
        String container = "<servlet-container name=\"default\"";
        if (!xml.contains(container)) {
            throw new IllegalStateException("no default servlet container in " + standaloneXml);
        }
        Files.writeString(standaloneXml, xml.replace(container,
                container + " disable-caching-for-secured-pages=\"false\""));
    }

    /**
     * Application-realm users ({@code name=role}, password {@code secret-<name>}): {@code users} for
     * /shapes/secure, {@code cachet-admin} for the management endpoint.
     */
    private static void addUsers(Path configuration, String... namesAndRoles) throws IOException {
        StringBuilder users = new StringBuilder("\n");
        StringBuilder roles = new StringBuilder("\n");
        for (String nameAndRole : namesAndRoles) {
            String name = nameAndRole.substring(0, nameAndRole.indexOf('='));
            try {
                byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(
                        (name + ":ApplicationRealm:secret-" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                users.append(name).append('=').append(java.util.HexFormat.of().formatHex(digest)).append('\n');
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            roles.append(nameAndRole).append('\n');
        }
        Files.writeString(configuration.resolve("application-users.properties"), users,
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(configuration.resolve("application-roles.properties"), roles,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** The deployment's standalone/ folder is copied so that each start has its own data and logs. */
    private static void copyConfiguration(Path home, Path base) throws IOException {
        Path source = home.resolve("standalone");
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = base.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static int freeOffset() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1_000, 20_000);
            if (free(8080 + offset) && free(9990 + offset) && free(8443 + offset) && free(9993 + offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // TERM the server's JVM itself (the launcher script would sit out its own trap), then the script.
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        children.forEach(ProcessHandle::destroy);
        try {
            for (ProcessHandle child : children) {
                child.onExit().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        // The JVM is gone; the launcher script only loops on its signal trap: end it outright.
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
