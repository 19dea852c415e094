package io.github.redispush.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.github.redispush.redis.EmbeddedRedis;
import org.awaitility.Awaitility;

/** The packaged jar running in its own JVM, as users run it, so it can be killed for real. */
public final class AppInstance implements AutoCloseable {

    private final Map<String, String> properties;
    private final Map<String, String> environment = new TreeMap<>();
    private final Path log;
    private Process process;
    private int starts;

    public AppInstance(String name, Map<String, String> properties) throws IOException {
        this.properties = new TreeMap<>(properties);
        this.properties.putIfAbsent("camel.server.port", Integer.toString(EmbeddedRedis.freePort()));
        this.properties.putIfAbsent("camel.management.port", Integer.toString(EmbeddedRedis.freePort()));
        this.log = Files.createTempFile("redis-push-" + name + "-", ".log");
    }

    /** An environment variable for the JVM, e.g. a secret (PUSH_AUTH_SECRET) kept out of its command line. */
    public AppInstance environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts the JVM and waits until its routes have started. */
    public AppInstance start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(new File("target/redis-push-app.jar").getAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        starts++;
        long started = starts;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("Apache Camel 4.17.0 (redis-push) started") >= started || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("the app exited at start:\n" + Files.readString(log));
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no hand-back, exactly like a crash. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; true when the JVM exited within the wait. */
    public boolean terminate(Duration wait) throws InterruptedException {
        process.destroy();
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String property(String name) {
        return properties.get(name);
    }

    public long count(String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill9();
        }
    }
}
