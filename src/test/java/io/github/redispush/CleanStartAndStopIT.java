package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run command as a newcomer types it ({@code java -XX:SharedArchiveFile=target/redis-push-app.jsa
 * -Xlog:cds+dynamic=off -jar target/redis-push-app.jar}, embedded Redis and demo receiver): a normal start and a SIGTERM stop log no WARN or ERROR line, and the embedded Redis outlives the
 * routes. A setting that cannot work fails the start with one ERROR line naming the property and a non-zero exit.
 */
// side by side (failsafe's JUnit settings in pom.xml): each start is its own jar on its own ports, so nothing is shared but the cores
@Execution(ExecutionMode.CONCURRENT)
class CleanStartAndStopIT {

    private static final Pattern LEVEL = Pattern.compile("^\\S+ (WARN|ERROR|FATAL) ");
    private static final Pattern EMBEDDED_REDIS = Pattern.compile("started a local redis-server at redis://127\\.0\\.0\\.1:(\\d+)");

    @ParameterizedTest(name = "Jolokia on: {0}")
    @ValueSource(booleans = {false, true})
    void aNormalStartAndStopLogNoWarningOrError(boolean jolokia) throws Exception {
        int port = EmbeddedRedis.freePort();
        Path log = Files.createTempFile("redis-push-clean-", ".log");
        Process app = start(log, Map.of("camel.server.port", Integer.toString(port),
                "camel.management.port", Integer.toString(EmbeddedRedis.freePort()),
                "camel.management.jolokia-enabled", Boolean.toString(jolokia)));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(log, "deliver - delivered rabbit_push_") >= 5 || !app.isAlive());
            assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
        } finally {
            app.destroy(); // SIGTERM, as Ctrl-C or a service manager stops it
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        }
        List<String> lines = Files.readAllLines(log);
        String all = String.join("\n", lines);
        assertThat(lines).as(all).noneMatch(l -> LEVEL.matcher(l).find());
        assertThat(all).as("the routes stopped before Redis did").doesNotContain("Redis unavailable").contains("is shutdown");
        // the bound address, not Camel's http://0.0.0.0 summary
        assertThat(all).contains("route intake-http: http://127.0.0.1:" + port + "/push ->").doesNotContain("0.0.0.0");
        assertThat(all).contains("HTTP server on http://127.0.0.1:" + port);
        if (jolokia) {
            assertThat(all).contains("/observe/jolokia").contains("Using access restrictor");
        }
        Matcher redisPort = EMBEDDED_REDIS.matcher(all);
        assertThat(redisPort.find()).isTrue();
        assertThat(listening(Integer.parseInt(redisPort.group(1)))).as("the embedded redis-server stopped with the app").isFalse();
    }

    @Test
    void aTakenHttpPortFailsTheStartWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path log = Files.createTempFile("redis-push-port-", ".log");

            Process app = start(log, Map.of("camel.server.port", Integer.toString(taken.getLocalPort()),
                    "camel.management.port", Integer.toString(EmbeddedRedis.freePort())));

            assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("exits by itself").isTrue();
            assertFailedWithOneLine(app, log, "camel.server.port", "127.0.0.1:" + taken.getLocalPort() + " (Address already in use)");
        }
    }

    @Test
    void wrongRedisCredentialsFailTheStartWithOneLine() throws Exception {
        TestRedis redis = TestRedis.withPassword("the-right-one").start();
        try {
            Path log = Files.createTempFile("redis-push-credentials-", ".log");

            Process app = start(log, Map.of("camel.server.port", Integer.toString(EmbeddedRedis.freePort()),
                    "camel.management.port", Integer.toString(EmbeddedRedis.freePort()), "push.redis.url", "redis://:not-it@127.0.0.1:" + redis.port(), "push.url", "http://127.0.0.1:9/push"));

            assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("exits by itself").isTrue();
            assertFailedWithOneLine(app, log, "push.redis.url", "refused the credentials");
            assertThat(Files.readString(log)).doesNotContain("not-it");
        } finally {
            redis.stop();
        }
    }

    private static void assertFailedWithOneLine(Process app, Path log, String property, String reason) throws IOException {
        List<String> lines = Files.readAllLines(log);
        String all = String.join("\n", lines);
        assertThat(app.exitValue()).as(all).isNotZero();
        assertThat(lines).as(all).filteredOn(l -> LEVEL.matcher(l).find()).singleElement().asString()
                .contains("ERROR").contains(property).contains(reason);
        assertThat(all).doesNotContain("\tat ", "Exception in thread", "SIGTERM", "Started ");
    }

    private static Process start(Path log, Map<String, String> properties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the README's JVM options: the class data sharing archive mvn package writes
        command.addAll(List.of("-XX:SharedArchiveFile=target/redis-push-app.jsa", "-Xlog:cds+dynamic=off"));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(new File("target/redis-push-app.jar").getAbsolutePath());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long count(Path log, String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
