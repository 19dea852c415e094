package io.github.redispush.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpServer;

/**
 * A fast push receiver for the benchmark (the JDK's HTTP server, keep-alive): counts deliveries per key and
 * records enqueue-to-delivery latency in microseconds from the enqueue time ({@code t=<System.nanoTime()>}, written
 * by the same JVM) in each message's content, also by message number (the uid of {@code rabbit_push_<n>_<nonce>}).
 */
final class CountingReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    final ConcurrentHashMap<String, Integer> deliveries = new ConcurrentHashMap<>();
    final LongAdder total = new LongAdder();
    /** Pushes answered 500 on purpose (see {@link #failFirstTryOfOneIn}). */
    final LongAdder failed = new LongAdder();
    final Latencies latencies;
    /** latency in µs by message number, -1 until delivered */
    final long[] latencyBySeq;
    private final java.util.Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private volatile int failOneIn;

    CountingReceiver(int expected) throws IOException {
        // without TCP_NODELAY the server's separate header and body writes meet the client's delayed ACK: 40 ms a request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        latencies = new Latencies(expected);
        latencyBySeq = new long[expected];
        java.util.Arrays.fill(latencyBySeq, -1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(threads);
        server.createContext("/push", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long now = System.nanoTime();
            String key = field(body, "\"key\":\"");
            String content = field(body, "\"content\":\"");
            if (key != null && failsFirstTry(key) && failedOnce.add(key)) {
                failed.increment();
                // answered as a provider does, with a body (and in one go, like the 200s below)
                byte[] error = "{\"code\":500,\"errorMessage\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                exchange.close();
                return;
            }
            if (key != null) {
                deliveries.merge(key, 1, Integer::sum);
            }
            if (content != null && content.startsWith("t=")) {
                long micros = (now - Long.parseLong(content.substring(2))) / 1000;
                latencies.add(micros);
                int seq = seq(key);
                if (seq >= 0 && seq < latencyBySeq.length) {
                    latencyBySeq[seq] = micros;
                }
            }
            total.increment();
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

    /**
     * From now on, the first try of one message in {@code n} (those whose uid is a multiple of n) is answered 500;
     * its retries are accepted: each push fails at most once. 0 turns it off.
     */
    void failFirstTryOfOneIn(int n) {
        failOneIn = n;
    }

    int failOneIn() {
        return failOneIn;
    }

    private boolean failsFirstTry(String key) {
        int n = failOneIn;
        if (n <= 0) {
            return false;
        }
        String[] parts = key.split("_");
        try {
            return parts.length == 4 && Long.parseLong(parts[2]) % n == 0;
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    void reset() {
        failedOnce.clear();
        failed.reset();
        deliveries.clear();
        total.reset();
        latencies.reset();
        java.util.Arrays.fill(latencyBySeq, -1);
    }

    /** n of rabbit_push_<n>_<nonce>, or -1 */
    private static int seq(String key) {
        if (key == null || !key.startsWith("rabbit_push_")) {
            return -1;
        }
        int end = key.indexOf('_', 12);
        try {
            return end < 0 ? -1 : Integer.parseInt(key.substring(12, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String field(String json, String prefix) {
        int start = json.indexOf(prefix);
        if (start < 0) {
            return null;
        }
        start += prefix.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Latencies in µs, kept in a preallocated array. */
    static final class Latencies {
        private final long[] values;
        private final AtomicLong count = new AtomicLong();

        Latencies(int capacity) {
            values = new long[capacity];
        }

        void add(long ms) {
            long i = count.getAndIncrement();
            if (i < values.length) {
                values[(int) i] = ms;
            }
        }

        void reset() {
            count.set(0);
        }

        long percentile(double p) {
            return Latencies.percentile(java.util.Arrays.copyOf(values, (int) Math.min(count.get(), values.length)), p);
        }

        /** the p-quantile of the values (sorted in place), -1 when there are none */
        static long percentile(long[] values, double p) {
            int n = values.length;
            if (n == 0) {
                return -1;
            }
            java.util.Arrays.sort(values);
            return values[Math.max(0, Math.min(n - 1, (int) Math.ceil(p * n) - 1))];
        }
    }
}
