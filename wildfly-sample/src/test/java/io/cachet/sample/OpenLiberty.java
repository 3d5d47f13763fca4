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
 * Open Liberty (the runtime the build unpacked, {@code cachet.openliberty.home}) running the sample
 * WAR, unchanged, at the root of a server of its own ({@code WLP_USER_DIR} in a temporary folder):
 * {@code webProfile-10.0}, {@code xmlBinding-4.0} and {@code mpConfig-3.1}, a basic registry
 * named {@code ApplicationRealm} with the users the tests log in as, their groups bound to the
 * sample's roles, and the test's system properties in {@code jvm.options}.
 */
final class OpenLiberty extends SampleProcess {
    private OpenLiberty(Process process, int port, Path log) {
        super(process, port, log);
    }

    static OpenLiberty start(Map<String, String> systemProperties) throws IOException {
        Path home = Paths.get(System.getProperty("cachet.openliberty.home", "target/openliberty/wlp")).toAbsolutePath();
        Path war = Paths.get(System.getProperty("cachet.sample.war", "target/cachet-sample.war")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/server")) || !Files.isRegularFile(war)) {
            throw new IllegalStateException("no Open Liberty at " + home + " or no sample at " + war + ": run mvn verify");
        }
        Path user = Files.createTempDirectory("cachet-openliberty-");
        Path server = Files.createDirectories(user.resolve("servers/sample"));
        int port = freePort();
        Files.writeString(server.resolve("server.xml"), """
                <server>
                  <featureManager>
                    <feature>webProfile-10.0</feature>
                    <feature>xmlBinding-4.0</feature>
                    <feature>mpConfig-3.1</feature>
                  </featureManager>
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
                  <basicRegistry id="basic" realm="ApplicationRealm">
                    <user name="alice" password="secret-alice"/>
                    <user name="bob" password="secret-bob"/>
                    <user name="operator" password="secret-operator"/>
                    <group name="users"><member name="alice"/><member name="bob"/></group>
                    <group name="cachet-admin"><member name="operator"/></group>
                  </basicRegistry>
                  <webApplication location="%s" contextRoot="/">
                    <application-bnd>
                      <security-role name="users"><group name="users"/></security-role>
                      <security-role name="cachet-admin"><group name="cachet-admin"/></security-role>
                    </application-bnd>
                  </webApplication>
                </server>
                """.formatted(port, war));
        StringBuilder options = new StringBuilder("-Xms128m\n-Xmx512m\n-XX:+UseSerialGC\n");
        systemProperties.forEach((name, value) -> options.append("-D").append(name).append('=').append(value).append('\n'));
        Files.writeString(server.resolve("jvm.options"), options);
        Path log = user.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/server").toString(), "run", "sample")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WLP_USER_DIR", user.toString());
        OpenLiberty started = new OpenLiberty(builder.start(), port, log);
        started.awaitDeployed("Open Liberty", Duration.ofSeconds(240));
        return started;
    }

    @Override
    public void close() {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            for (ProcessHandle child : children) {
                child.onExit().get(60, TimeUnit.SECONDS);
            }
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
