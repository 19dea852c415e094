package io.github.redispush.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.PackagedJar;
import org.awaitility.Awaitility;

/** The packaged jar running in its own JVM, as users run it, so it can be killed for real. */
public final class AppInstance implements AutoCloseable {

    private static final Random RANDOM = new Random();

    private final Map<String, String> properties;
    private final Map<String, String> environment = new TreeMap<>();
    private final Path log;
    private Process process;
    private int starts;

    public AppInstance(String name, Map<String, String> properties) throws IOException {
        this.properties = new TreeMap<>(properties);
        this.properties.putIfAbsent("camel.server.port", Integer.toString(freePortBelowEphemeralRange()));
        this.properties.putIfAbsent("camel.management.port", Integer.toString(freePortBelowEphemeralRange()));
        this.log = Files.createTempFile("redis-push-" + name + "-", ".log");
    }

    /**
     * A free loopback port below Linux's ephemeral range (32768 and up): a port the kernel hands out for bind(0) or for
     * an outgoing connection can be taken by any of the Redis and HTTP clients running beside the test in the seconds
     * between its choice and the JVM's bind (seen with three instances starting side by side).
     */
    static int freePortBelowEphemeralRange() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20000 + RANDOM.nextInt(12000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        return EmbeddedRedis.freePort();
    }

    /** An environment variable for the JVM, e.g. a secret (PUSH_AUTH_SECRET) kept out of its command line. */
    public AppInstance environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * A fault test proves what survives a fault, not how fast: C1 alone and one GC thread leave the two cores to the
     * instances, their Redis servers and the receiver (a start costs less CPU, and no C2 compiles during the drain).
     * The speed of the README's command, C2 included, is measured by the benchmarks (docs/performance.md).
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** Starts the JVM and waits until its routes have started. */
    public AppInstance start() throws IOException {
        return launch().awaitStarted();
    }

    /**
     * Starts the JVM (the README's command, with the class data sharing archive when `mvn package` wrote one) without
     * waiting for it: instances launched one after the other then start side by side.
     */
    public AppInstance launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PackagedJar.command(JVM_OPTIONS, properties)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        starts++;
        return this;
    }

    /** Waits until the routes of the JVM last launched have started. */
    public AppInstance awaitStarted() throws IOException {
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
