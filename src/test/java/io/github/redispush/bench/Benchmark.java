package io.github.redispush.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.support.TestRedis;
import redis.clients.jedis.Jedis;

/**
 * Drains the same PHP-written backlog twice on one machine, in one run: with the project's jar as users run it,
 * and with {@link JedisBaselineWorker}; both against the same real Redis and the same {@link CountingReceiver}, at
 * the same concurrency. Prints messages/s, worker CPU per message, enqueue-to-delivery latency, peak RSS, and
 * delivered/lost/duplicated, and the project/baseline ratios. Run it with {@code bench/run.sh [N] [concurrency]}.
 * With {@code faults} as third argument it runs the jar twice instead: against a healthy provider, then against one
 * that answers 500 to the first try of one message in ten (each push fails at most once), and prints their ratio.
 */
public final class Benchmark {

    static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

    record Result(String name, int sent, double seconds, double cpuSeconds, long p50, long p99, long peakRssKb,
            long delivered, long duplicated) {
        double rate() {
            return delivered / seconds;
        }

        double cpuMicrosPerMessage() {
            return cpuSeconds * 1e6 / Math.max(1, delivered);
        }
    }

    /** Both workers run with this heap cap: draining any backlog must fit in it (the issue's 256 MB). */
    private static final String HEAP_CAP = "-Xmx256m";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("live")) {
            LiveProducerBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        // "project-only": the memory run (1,000,000 messages) without the baseline's half of the time;
        // "faults": the jar twice, against a healthy provider and one that fails the first try of 1 push in 10 (500)
        String mode = args.length > 2 ? args[2] : "";
        boolean faults = mode.equals("faults");
        boolean withBaseline = mode.isEmpty();
        String classpath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        TestRedis redis = new TestRedis().start();
        List<Result> results = new ArrayList<>();
        try (CountingReceiver receiver = new CountingReceiver(n)) {
            if (withBaseline) {
                results.add(run("baseline (Jedis)", n, redis, receiver, List.of(java, HEAP_CAP, "-cp", classpath,
                        JedisBaselineWorker.class.getName(), Integer.toString(redis.port()), receiver.url(), Integer.toString(concurrency))));
            }
            // BENCH_BEFORE_DIR: another checkout's built jar and routes, drained in the same run (a before/after figure)
            String before = System.getenv("BENCH_BEFORE_DIR");
            if (before != null && !before.isBlank()) {
                List<String> command = new ArrayList<>(projectCommand(redis, receiver, concurrency));
                command.set(command.size() - 1, Path.of(before, "target", "redis-push-app.jar").toString());
                results.add(run("redis-push before", n, redis, receiver, command, new File(before)));
            }
            List<String> project = projectCommand(redis, receiver, concurrency);
            results.add(run("redis-push (jar)", n, redis, receiver, project));
            if (faults) {
                receiver.failFirstTryOfOneIn(10);
                results.add(run("jar, 10% fail once", n, redis, receiver, project));
                System.out.printf("%nfirst tries answered 500: %d%n", receiver.failed.sum());
            }
        } finally {
            redis.stop();
        }

        System.out.printf("%nBENCHMARK N=%d concurrency=%d, each worker JVM %s (2 cores shared by worker, Redis and receiver)%n",
                n, concurrency, HEAP_CAP);
        System.out.printf("%-18s %10s %12s %9s %9s %12s %10s %6s %11s%n", "worker", "msgs/s", "CPU us/msg", "p50 ms", "p99 ms",
                "peak RSS MB", "delivered", "lost", "duplicated");
        for (Result r : results) {
            System.out.printf("%-18s %10.0f %12.0f %9.0f %9.0f %12.0f %10d %6d %11d%n", r.name(), r.rate(), r.cpuMicrosPerMessage(),
                    r.p50() / 1000.0, r.p99() / 1000.0, r.peakRssKb() / 1024.0, r.delivered(), r.sent() - r.delivered(), r.duplicated());
        }
        System.out.printf("redis-push heap: at most %.0f MB in use after a GC (from target/bench-project-gc.log)%n",
                maxHeapAfterGcMb(Path.of("target/bench-project-gc.log")));
        if (faults) {
            Result healthy = results.get(0);
            Result failing = results.get(1);
            System.out.printf("ratio 10%%-failing/healthy: throughput %.2f, CPU per message %.2f%n",
                    failing.rate() / healthy.rate(), failing.cpuMicrosPerMessage() / healthy.cpuMicrosPerMessage());
            return;
        }
        if (!withBaseline) {
            return;
        }
        Result base = results.get(0);
        Result project = results.get(results.size() - 1);
        System.out.printf("ratio project/baseline: throughput %.2f, CPU per message %.2f%n",
                project.rate() / base.rate(), project.cpuMicrosPerMessage() / base.cpuMicrosPerMessage());
    }

    /** The packaged jar as users run it, at the benchmark's heap cap, with BENCH_PROJECT_JVM_ARGS added. */
    static List<String> projectCommand(TestRedis redis, CountingReceiver receiver, int concurrency) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> project = new ArrayList<>(List.of(java, HEAP_CAP, "-Xlog:gc:file=target/bench-project-gc.log"));
        // e.g. BENCH_PROJECT_JVM_ARGS="-XX:StartFlightRecording=filename=/tmp/project.jfr,settings=profile"
        String extra = System.getenv("BENCH_PROJECT_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            project.addAll(List.of(extra.trim().split("\\s+")));
        }
        project.addAll(List.of("-Dpush.redis.url=" + redis.url(), "-Dpush.url=" + receiver.url(),
                "-Dpush.delivery.concurrency=" + concurrency, "-Dpush.delivery.log-level=OFF",
                "-Dcamel.server.port=" + EmbeddedRedis.freePort(), "-Dcamel.management.port=" + EmbeddedRedis.freePort(),
                "-jar", new File("target/redis-push-app.jar").getAbsolutePath()));
        return project;
    }

    private static Result run(String name, int n, TestRedis redis, CountingReceiver receiver, List<String> command) throws Exception {
        return run(name, n, redis, receiver, command, new File("."));
    }

    private static Result run(String name, int n, TestRedis redis, CountingReceiver receiver, List<String> command, File dir)
            throws Exception {
        redis.flushAll();
        int failOneIn = receiver.failOneIn();
        receiver.reset();
        receiver.failFirstTryOfOneIn(failOneIn);
        preload(redis, n);
        Path log = Files.createTempFile("bench-", ".log");
        Process worker = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (receiver.total.sum() == 0 && System.nanoTime() < deadline && worker.isAlive()) {
                Thread.sleep(5);
            }
            long cpuAtFirst = cpuTicks(worker.pid());
            long start = System.nanoTime();
            while (receiver.deliveries.size() < n && System.nanoTime() < deadline && worker.isAlive()) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuTicks(worker.pid()) - cpuAtFirst) / (double) CLOCK_TICKS_PER_SECOND;
            long rss = peakRssKb(worker.pid());
            if (!worker.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + Files.readString(log));
            }
            return new Result(name, n, seconds, cpu, receiver.latencies.percentile(0.5), receiver.latencies.percentile(0.99), rss,
                    receiver.deliveries.size(), receiver.total.sum() - receiver.deliveries.size());
        } finally {
            // SIGTERM first, so a flight recording (BENCH_PROJECT_JVM_ARGS) is written on exit
            worker.destroy();
            if (!worker.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                worker.destroyForcibly();
                worker.waitFor();
            }
        }
    }

    /** N messages the PHP way (LPUSH, then SET), pipelined; each content carries its enqueue time. */
    private static void preload(TestRedis redis, int n) {
        try (Jedis jedis = redis.client()) {
            var pipeline = jedis.pipelined();
            for (int i = 0; i < n; i++) {
                String key = "rabbit_push_" + i + "_" + (100000 + i % 900000);
                pipeline.lpush("push_queue", key);
                pipeline.set(key, "t=" + System.nanoTime());
                if (i % 10_000 == 9_999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
    }

    /** The largest "after" figure of the unified GC log's pause lines ("Pause Young ... 120M->30M(256M)"). */
    private static double maxHeapAfterGcMb(Path gcLog) throws Exception {
        java.util.regex.Pattern after = java.util.regex.Pattern.compile("->(\\d+)M\\(");
        double max = 0;
        for (String line : Files.readAllLines(gcLog)) {
            var m = after.matcher(line);
            if (m.find()) {
                max = Math.max(max, Double.parseDouble(m.group(1)));
            }
        }
        return max;
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    private static long peakRssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
