package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.redispush.redis.EmbeddedRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's run command, as a newcomer runs it: the fat jar with nothing configured starts its own Redis and
 * demo receiver, writes sample messages the PHP way, and delivers every one. Runs after packaging (failsafe),
 * so it also proves the jar holds every component the YAML routes name. The command names the class data sharing
 * archive `mvn package` writes (target/redis-push-app.jsa): the start maps the jar's classes from it, and starts as
 * well, with the same output, when the archive is missing or belongs to another build of the jar.
 */
// side by side (failsafe's JUnit settings in pom.xml): each run is its own jar on its own ports, its own embedded Redis, so nothing is shared but the cores
@Execution(ExecutionMode.CONCURRENT)
class PackagedJarIT {

    /** A line of the application's log (time, level...); anything else on the console came from somewhere else (the JVM). */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) ");

    @Test
    void theJarDeliversTheDemoMessagesEndToEnd() throws Exception {
        Path classes = Files.createTempFile("redis-push-run", ".classes");
        runTheDemo(new File("target/redis-push-app.jar"), "target/redis-push-app.jsa", "-Xlog:class+load=info:file=" + classes);
        // from the archive: most of the 9,000 classes the start loads (without it, only the JDK's own 1,200 or so)
        long fromTheArchive = Files.readAllLines(classes).stream().filter(l -> l.contains("source: shared objects file (top)")).count();
        assertThat(fromTheArchive).as("classes mapped from target/redis-push-app.jsa (see target/redis-push-app.jsa.log)").isGreaterThan(5000);
    }

    @Test
    void theJarStartsWithoutItsArchive() throws Exception {
        runTheDemo(new File("target/redis-push-app.jar"), "target/no-such-archive.jsa");
    }

    @Test
    void theJarStartsWithAStaleArchive() throws Exception {
        // a copy is another jar to the JVM (its path and time): the archive of target/redis-push-app.jar does not fit it
        Path copy = Files.createTempDirectory("redis-push-stale").resolve("redis-push-app.jar");
        Files.copy(Path.of("target/redis-push-app.jar"), copy, StandardCopyOption.REPLACE_EXISTING);
        assertThat(copy.toFile().setLastModified(System.currentTimeMillis() + 60_000)).isTrue();
        runTheDemo(copy.toFile(), "target/redis-push-app.jsa");
    }

    /**
     * The README's run command ({@code java -XX:SharedArchiveFile=target/redis-push-app.jsa -Xlog:cds+dynamic=off -jar
     * target/redis-push-app.jar}) with this jar and archive, on free ports, 3 sample messages; its console output.
     */
    private static void runTheDemo(File jar, String archive, String... moreJvmOptions) throws Exception {
        Path log = Files.createTempFile("redis-push-run", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:SharedArchiveFile=" + archive, "-Xlog:cds+dynamic=off"));
        command.addAll(List.of(moreJvmOptions));
        command.addAll(List.of("-Dcamel.server.port=" + EmbeddedRedis.freePort(), "-Dcamel.management.port=" + EmbeddedRedis.freePort(),
                "-jar", jar.getAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // an environment variable overrides a push.* property, as the README says
        builder.environment().put("PUSH_DEMO_SAMPLE_MESSAGES", "3");
        Process app = builder.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(log, "deliver - delivered rabbit_push_") >= 3 || !app.isAlive());
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as(String.join("\n", lines)).filteredOn(l -> l.contains("demo receiver got a push")).hasSize(3);
            assertThat(lines).filteredOn(l -> l.contains("deliver - delivered rabbit_push_")).hasSize(3);
            assertThat(lines).noneMatch(l -> l.contains("ERROR"));
            // nothing from the JVM about the archive: a line outside the log's format would be one
            assertThat(lines).allMatch(l -> LOG_LINE.matcher(l).find(), "a line of the application's log");
        } finally {
            app.destroy(); // SIGTERM: Camel shuts down gracefully and stops its Redis
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("is shutdown");
    }

    private static long count(Path log, String text) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    }
}
