package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.redispush.redis.EmbeddedRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a newcomer runs it: the fat jar with nothing configured starts its own Redis and
 * demo receiver, writes sample messages the PHP way, and delivers every one. Runs after packaging (failsafe),
 * so it also proves the jar holds every component the YAML routes name.
 */
class PackagedJarIT {

    @Test
    void theJarDeliversTheDemoMessagesEndToEnd() throws Exception {
        Path log = Files.createTempFile("redis-push-run", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java,
                "-Dcamel.server.port=" + EmbeddedRedis.freePort(), "-Dcamel.management.port=" + EmbeddedRedis.freePort(),
                "-jar", new File("target/redis-push-app.jar").getAbsolutePath())
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
