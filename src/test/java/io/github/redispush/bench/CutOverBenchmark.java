package io.github.redispush.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.PhpLeftovers;
import io.github.redispush.support.TestRedis;
import redis.clients.jedis.Jedis;

/**
 * The cut-over benchmark (bench/cutover.sh): the jar drains F fresh PHP-written messages twice, once alone and once
 * with L leftovers in temp_queue (1 in 100 with a value), with the default lease (30 s). Prints how long the
 * leftovers took to clear, when the last stranded push went out, the live delivery rate while the leftovers were
 * being cleared against the same window without them, and the slowest commands in SLOWLOG.
 */
public final class CutOverBenchmark {

    private CutOverBenchmark() {
    }

    record Run(long liveInWindow, double liveRate, double clearedSeconds, double strandedSeconds, long strandedDelivered, int stranded,
            long slowestMicros, long stallMicros, String slowlog, long duplicated) {
    }

    public static void main(String[] args) throws Exception {
        int leftovers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int fresh = args.length > 1 ? Integer.parseInt(args[1]) : 150_000;
        // shorter than the fresh messages take to drain, or both runs would just show fresh / window
        double window = args.length > 2 ? Double.parseDouble(args[2]) : 15;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestRedis redis = new TestRedis().start();
        try (CountingReceiver receiver = new CountingReceiver(fresh + leftovers / 100)) {
            String scanAlone = scanAlone(redis, leftovers);
            // "without-first": the other order, to see how much of a difference is the machine's load drifting
            boolean withoutFirst = args.length > 3 && args[3].equals("without-first");
            Run without = withoutFirst ? run(javaBin, redis, receiver, fresh, 0, window) : null;
            Run with = run(javaBin, redis, receiver, fresh, leftovers, window);
            if (!withoutFirst) {
                without = run(javaBin, redis, receiver, fresh, 0, window);
            }
            System.out.printf("%nCUT-OVER BENCHMARK: %d leftovers in temp_queue (%d stranded, with a value), %d fresh messages, lease 30 s%n",
                    leftovers, with.stranded(), fresh);
            System.out.printf("leftovers cleared from temp_queue after %.1f s; last stranded push delivered after %.1f s (%d of %d)%n",
                    with.clearedSeconds(), with.strandedSeconds(), with.strandedDelivered(), with.stranded());
            System.out.printf("live delivery in the first %.0f s: %.0f msg/s with the leftovers, %.0f msg/s without: ratio %.2f%n",
                    window, with.liveRate(), without.liveRate(), with.liveRate() / without.liveRate());
            if (with.liveInWindow() >= fresh || without.liveInWindow() >= fresh) {
                System.out.println("(the fresh messages were all delivered within the window: run with a shorter window or more of them)");
            }
            System.out.println(scanAlone);
            System.out.printf("slowest Redis command (SLOWLOG over 10 ms): %d us; slowest constant-time command (machine stall): %d us%n%s",
                    with.slowestMicros(), with.stallMicros(), with.slowlog());
            System.out.printf("duplicated: %d with leftovers, %d without%n", with.duplicated(), without.duplicated());
        } finally {
            redis.stop();
        }
    }

    /**
     * The leftover scan's own cost, without the app: the script run back to back over the leftovers, every call
     * timed by SLOWLOG (threshold 0), so the figures are Redis's execution time per call.
     */
    private static String scanAlone(TestRedis redis, int leftovers) throws Exception {
        redis.flushAll();
        try (Jedis jedis = redis.client()) {
            PhpLeftovers.write(jedis, leftovers, 100);
            jedis.configSet("slowlog-log-slower-than", "0");
            jedis.configSet("slowlog-max-len", "10000");
            String sha = jedis.scriptLoad(Files.readString(Path.of("src/main/resources/redis-push/lua/adoptLeftovers-8.lua")));
            List<String> keys = List.of("temp_queue", "push_queue", "temp_queue:leases", "temp_queue:adopted", "temp_queue:attempts",
                    "push_dead_letter", "temp_queue:stats", "temp_queue:retries");
            List<Long> micros = new ArrayList<>();
            long start = System.nanoTime();
            while (jedis.llen("temp_queue") > 0) {
                jedis.slowlogReset();
                jedis.evalsha(sha, keys, List.of("30000", "5", "500", "100"));
                jedis.slowlogGet(5).stream().filter(e -> e.getArgs().get(0).equalsIgnoreCase("evalsha"))
                        .forEach(e -> micros.add(e.getExecutionTime()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            jedis.configSet("slowlog-log-slower-than", "10000");
            java.util.Collections.sort(micros);
            return String.format("the scan alone (500 entries a call, back to back): %d calls in %.1f s; per call p50 %d us, p99 %d us, max %d us",
                    micros.size(), seconds, micros.get(micros.size() / 2), micros.get(micros.size() * 99 / 100), micros.get(micros.size() - 1));
        }
    }

    private static Run run(String javaBin, TestRedis redis, CountingReceiver receiver, int fresh, int leftovers, double window) throws Exception {
        redis.flushAll();
        receiver.reset();
        List<String> stranded;
        try (Jedis jedis = redis.client()) {
            stranded = leftovers > 0 ? PhpLeftovers.write(jedis, leftovers, 100) : List.of();
            var pipeline = jedis.pipelined();
            for (int i = 0; i < fresh; i++) {
                String key = "rabbit_push_" + i + "_" + (100000 + i % 900000);
                pipeline.lpush("push_queue", key);
                pipeline.set(key, "t=" + System.currentTimeMillis());
                if (i % 10_000 == 9_999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
            jedis.configSet("slowlog-log-slower-than", "10000");
            jedis.configSet("slowlog-max-len", "128");
            jedis.slowlogReset();
        }
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-Dpush.redis.url=" + redis.url(), "-Dpush.url=" + receiver.url(),
                "-Dpush.delivery.log-level=OFF", "-Dcamel.server.port=" + EmbeddedRedis.freePort(), "-Dcamel.management.port=" + EmbeddedRedis.freePort(),
                "-jar", new File("target/redis-push-app.jar").getAbsolutePath()));
        Path log = Files.createTempFile("bench-cutover-", ".log");
        Process worker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (Jedis jedis = redis.client()) {
            long deadline = System.nanoTime() + 900_000_000_000L;
            while (receiver.total.sum() == 0 && System.nanoTime() < deadline && worker.isAlive()) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            double cleared = -1;
            double strandedAt = -1;
            long liveInWindow = -1;
            while (System.nanoTime() < deadline && worker.isAlive()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (cleared < 0 && leftovers > 0 && Math.max(0, jedis.llen("temp_queue") - jedis.hlen("temp_queue:tokens")) == 0) {
                    cleared = seconds;
                }
                if (strandedAt < 0 && stranded.stream().allMatch(receiver.deliveries::containsKey)) {
                    strandedAt = seconds;
                }
                if (liveInWindow < 0 && seconds >= window) {
                    liveInWindow = receiver.deliveries.keySet().stream().filter(k -> !k.contains("_old")).count();
                    if (leftovers == 0) {
                        break;
                    }
                }
                if (cleared >= 0 && strandedAt >= 0 && liveInWindow >= 0) {
                    break;
                }
                Thread.sleep(50);
            }
            if (!worker.isAlive()) {
                throw new IllegalStateException("the jar exited:\n" + Files.readString(log));
            }
            return new Run(liveInWindow, liveInWindow / window, cleared, strandedAt,
                    stranded.stream().filter(receiver.deliveries::containsKey).count(), stranded.size(),
                    PhpLeftovers.slowestLoggedMicros(jedis), PhpLeftovers.stallMicros(jedis), PhpLeftovers.slowlog(jedis),
                    receiver.total.sum() - receiver.deliveries.size());
        } finally {
            worker.destroy();
            if (!worker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                worker.destroyForcibly();
                worker.waitFor();
            }
        }
    }
}
