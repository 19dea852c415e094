package io.github.redispush.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real redis-server, started from the binary that ships inside the embedded-redis jar, on a free loopback
 * port. It is the default when no Redis is configured, so a first run needs nothing but a JDK.
 * <p>
 * The process is started here rather than by embedded-redis's {@code RedisServer}: that one registers a JVM
 * shutdown hook that stops Redis at the same moment as Camel's own hook starts stopping the routes, so a
 * Ctrl-C ended the demo with "Redis unavailable". Camel stops this service after the routes. The server also
 * runs in a session of its own ({@code setsid}), because a terminal's Ctrl-C signals the whole foreground
 * process group, and redis-server exits at once on SIGINT.
 */
public final class EmbeddedRedis implements Service, CamelContextAware {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final long START_WAIT_SECONDS = 30;
    private static final long GUARD_WAIT_MILLIS = 60_000;

    private final int port;
    private final List<String> command;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile Process process;
    private volatile CamelContext camelContext;

    public EmbeddedRedis() {
        this(freePort());
    }

    public EmbeddedRedis(int port) {
        this.port = port;
        try {
            List<String> args = new RedisServerBuilder()
                    .bind("127.0.0.1")
                    .port(port)
                    // a demo and test server: no snapshots written into the working directory
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .buildCommandArgs();
            command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            command.addAll(args);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded redis-server", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        if (process != null) {
            return;
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded redis-server on port " + port, e);
        }
        Thread reader = new Thread(this::readOutput, "embedded-redis-output");
        reader.setDaemon(true);
        reader.start();
        // a guard, not the normal stop: should the JVM exit without stopping Camel, the server does not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopWhenCamelDidNot, "embedded-redis-guard"));
        try {
            if (!ready.await(START_WAIT_SECONDS, TimeUnit.SECONDS) || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("the embedded redis-server did not start on port " + port + ": " + String.join(" | ", lastLines()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the embedded redis-server", e);
        }
    }

    @Override
    public synchronized void stop() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy(); // SIGTERM: redis-server shuts down cleanly
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
    }

    public boolean isActive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /**
     * Lets Camel's own shutdown (which stops this service after the routes) run to its end, then stops the server if
     * it is still up: at once when Camel is not running (a failed start), after a minute at most otherwise.
     */
    private void stopWhenCamelDidNot() {
        Process running = process;
        if (running == null) {
            return;
        }
        try {
            long deadline = System.currentTimeMillis() + GUARD_WAIT_MILLIS;
            while (running.isAlive() && camelRunning() && System.currentTimeMillis() < deadline) {
                running.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            running.destroy();
        }
    }

    private boolean camelRunning() {
        CamelContext context = camelContext;
        return context != null && (context.isStarting() || context.isStarted() || context.isStopping());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("Ready to accept connections")) {
                    ready.countDown();
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 5) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            ready.countDown();
        }
    }

    private List<String> lastLines() {
        synchronized (lastLines) {
            return new ArrayList<>(lastLines);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
