package io.github.redispush.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.TestRedis;
import redis.clients.jedis.Jedis;

/**
 * Horizontal scale (bench/scale.sh): 1, 2 and 4 instances of the jar drain the same backlog against a provider
 * that takes 20 ms per push. Delivery is then I/O-bound, so each instance adds its deliverers' worth of
 * throughput until something else (CPU, Redis) runs out. Prints msg/s per instance count.
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int providerMs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestRedis redis = new TestRedis().start();
        List<String> lines = new ArrayList<>();
        try (SlowProvider provider = new SlowProvider(providerMs)) {
            for (int instances : new int[] {1, 2, 4}) {
                redis.flushAll();
                provider.delivered.clear();
                redis.phpProducerWrites(n, "s");
                List<Process> workers = new ArrayList<>();
                try {
                    for (int i = 0; i < instances; i++) {
                        workers.add(new ProcessBuilder(javaBin, "-Xmx256m", "-Dpush.redis.url=" + redis.url(), "-Dpush.url=" + provider.url(),
                                "-Dpush.delivery.concurrency=" + concurrency, "-Dpush.delivery.log-level=OFF",
                                "-Dcamel.server.port=" + EmbeddedRedis.freePort(), "-Dcamel.management.port=" + EmbeddedRedis.freePort(), "-jar", new File("target/redis-push-app.jar").getAbsolutePath())
                                .redirectErrorStream(true).redirectOutput(Files.createTempFile("bench-scale-", ".log").toFile()).start());
                    }
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    // timed from the moment a tenth is delivered, so every instance has started
                    while (provider.delivered.size() < n / 10 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    long start = System.nanoTime();
                    int from = provider.delivered.size();
                    while (provider.delivered.size() < n && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    String line = String.format("%d instance(s) x %d deliverers: %.0f msg/s (at %d ms a push, %d deliverers allow %d msg/s)",
                            instances, concurrency, (provider.delivered.size() - from) / seconds, providerMs,
                            instances * concurrency, instances * concurrency * 1000 / providerMs);
                    System.out.println(line);
                    lines.add(line);
                } finally {
                    for (Process worker : workers) {
                        worker.destroy();
                    }
                    for (Process worker : workers) {
                        if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                            worker.destroyForcibly();
                        }
                    }
                }
            }
        } finally {
            redis.stop();
        }
        System.out.printf("%nSCALE BENCHMARK N=%d, provider %d ms a push%n", n, providerMs);
        lines.forEach(System.out::println);
    }

    /** A provider that answers every push after a fixed delay, on enough threads that it never queues them. */
    static final class SlowProvider implements AutoCloseable {
        final Set<String> delivered = ConcurrentHashMap.newKeySet();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(128);

        SlowProvider(int delayMs) throws IOException {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(threads);
            server.createContext("/push", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int start = body.indexOf("\"key\":\"");
                if (start >= 0) {
                    delivered.add(body.substring(start + 7, body.indexOf('"', start + 7)));
                }
                byte[] ok = "{\"code\":200}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/push";
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
