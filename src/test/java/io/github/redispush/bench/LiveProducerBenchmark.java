package io.github.redispush.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.redispush.support.TestRedis;
import redis.clients.jedis.Jedis;

/**
 * Latency under live traffic, the thing a push user feels: the jar drains an empty queue while a producer writes a
 * steady rate the PHP way (LPUSH, then SET, two round trips, no backlog), and a receiver that answers at once
 * records LPUSH-to-receipt latency. Run with {@code bench/run.sh live [seconds=40] [rate=1000] [concurrency=8]}.
 *
 * <p>Start-up is measured apart: the process is started, and the clock "from start" is the moment a first probe
 * message reaches the receiver; the producer then starts. "First 10 s" are the messages written in the 10 s after
 * that (the JIT still warming up); "warm" is the second half of the run.
 */
final class LiveProducerBenchmark {

    private static final int COLD_SECONDS = 10;

    private LiveProducerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int n = seconds * rate;
        int probe = n; // the probe message is number n, after the producer's

        TestRedis redis = new TestRedis().start();
        Path log = Files.createTempFile("bench-live-", ".log");
        try (CountingReceiver receiver = new CountingReceiver(n + 1); Jedis producer = redis.client()) {
            if (!"1".equals(System.getenv("BENCH_LIVE_COLD_HARNESS"))) {
                warmUpHarness(producer, receiver);
            }
            long processStart = System.nanoTime();
            Process worker = new ProcessBuilder(Benchmark.projectCommand(redis, receiver, concurrency))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                write(producer, probe);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (receiver.latencyBySeq[probe] < 0 && System.nanoTime() < deadline && worker.isAlive()) {
                    Thread.sleep(1);
                }
                if (receiver.latencyBySeq[probe] < 0) {
                    throw new IllegalStateException("the jar delivered nothing:\n" + Files.readString(log));
                }
                double firstDeliveryMs = (System.nanoTime() - processStart) / 1e6;

                long cpuAtStart = Benchmark.cpuTicks(worker.pid());
                long cpuAtWarm = 0;
                long interval = 1_000_000_000L / rate;
                long producerStart = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = producerStart + i * interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (i == n / 2) {
                        cpuAtWarm = Benchmark.cpuTicks(worker.pid());
                    }
                    write(producer, i);
                }
                double producerSeconds = (System.nanoTime() - producerStart) / 1e9;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (receiver.deliveries.size() < n + 1 && System.nanoTime() < deadline && worker.isAlive()) {
                    Thread.sleep(5);
                }
                long cpuAtEnd = Benchmark.cpuTicks(worker.pid());
                // idle: the queue is empty, the worker waits on its blocking pop
                Thread.sleep(5_000);
                double idleCpuPercent = (Benchmark.cpuTicks(worker.pid()) - cpuAtEnd) * 100.0 / Benchmark.CLOCK_TICKS_PER_SECOND / 5;

                long[] cold = latencies(receiver, 0, Math.min(n, COLD_SECONDS * rate));
                long[] warm = latencies(receiver, n / 2, n);
                long delivered = receiver.deliveries.size();
                long duplicated = receiver.total.sum() - delivered;
                double warmCpuMicros = (cpuAtEnd - cpuAtWarm) * 1e6 / Benchmark.CLOCK_TICKS_PER_SECOND / (n - n / 2);

                System.out.printf("%nLIVE %d msg/s for %d s (producer took %.1f s), LPUSH then SET per message, concurrency=%d%n",
                        rate, seconds, producerSeconds, concurrency);
                System.out.printf("first delivery %.0f ms after process start%n", firstDeliveryMs);
                System.out.printf("%-26s %9s %9s %9s %9s%n", "LPUSH -> receiver", "p50 ms", "p99 ms", "max ms", "messages");
                row("first " + COLD_SECONDS + " s of traffic", cold);
                row("warm (second half)", warm);
                // second by second: a stall shows as one second whose max is close to its p99 of the whole window
                for (int second = 0; second < Math.min(seconds, COLD_SECONDS); second++) {
                    row("  second " + (second + 1), latencies(receiver, second * rate, (second + 1) * rate));
                }
                System.out.printf("worker CPU, warm: %.0f us/msg (%.1f%% of a core); idle afterwards: %.1f%% of a core%n",
                        warmCpuMicros, warmCpuMicros * rate / 1e4, idleCpuPercent);
                System.out.printf("delivered %d, lost %d, duplicated %d%n", delivered, n + 1 - delivered, duplicated);
                System.out.printf("first delivery -> start of traffic: cpu %.2f s%n",
                        (cpuAtWarm - cpuAtStart) / (double) Benchmark.CLOCK_TICKS_PER_SECOND);
            } finally {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                    worker.waitFor();
                }
            }
        } finally {
            redis.stop();
        }
    }

    /**
     * The producer's Redis calls and the receiver's handler run in this JVM, which is as cold as the jar when the
     * traffic starts: without this, the first seconds' latency also measured this JVM's own JIT warm-up (a
     * receiver that does not yet "answer at once"). Both are exercised first, on keys and a path the measurement
     * never uses, bounded in count and time; {@code BENCH_LIVE_COLD_HARNESS=1} skips it.
     */
    private static void warmUpHarness(Jedis producer, CountingReceiver receiver) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long started = System.nanoTime();
        int writes = 0;
        for (; writes < 20_000 && System.nanoTime() < deadline; writes++) {
            String key = "bench:warmup:" + writes;
            producer.lpush("bench:warmup", key);
            producer.set(key, "t=" + System.nanoTime());
            producer.del(key);
        }
        producer.del("bench:warmup");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int posts = 0;
        for (; posts < 20_000 && System.nanoTime() < deadline; posts++) {
            // not rabbit_push_<n>_... and no t=: counted nowhere once reset() has run
            HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"warmup_" + posts + "\",\"content\":\"x\"}")).build();
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        receiver.reset();
        System.out.printf("harness warmed: %d producer writes, %d receiver posts in %.1f s%n", writes, posts,
                (System.nanoTime() - started) / 1e9);
    }

    /** The PHP producer: LPUSH the key, then SET its value, as two commands; the value carries the LPUSH time. */
    private static void write(Jedis jedis, int seq) {
        String key = "rabbit_push_" + seq + "_" + (100000 + seq % 900000);
        String sentAt = "t=" + System.nanoTime();
        jedis.lpush("push_queue", key);
        jedis.set(key, sentAt);
    }

    private static long[] latencies(CountingReceiver receiver, int from, int to) {
        return Arrays.stream(receiver.latencyBySeq, from, to).filter(l -> l >= 0).toArray();
    }

    private static void row(String name, long[] micros) {
        long[] sorted = micros.clone();
        System.out.printf("%-26s %9.2f %9.2f %9.2f %9d%n", name, CountingReceiver.Latencies.percentile(sorted, 0.5) / 1000.0,
                CountingReceiver.Latencies.percentile(sorted, 0.99) / 1000.0, CountingReceiver.Latencies.percentile(sorted, 1.0) / 1000.0,
                micros.length);
    }
}
