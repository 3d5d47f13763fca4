package io.cachet.sample;


import java.io.IOException;
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
final class Payara extends SampleProcess {
    private Payara(Process process, int port, Path log) {
        super(process, port, log);
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
        server.awaitDeployed("Payara Micro", Duration.ofSeconds(240));
        return server;
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
