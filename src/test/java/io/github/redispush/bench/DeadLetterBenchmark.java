package io.github.redispush.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.redispush.config.PushSettings;
import io.github.redispush.queue.DeadLetterEntry;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The dead-letter benchmark (bench/dead-letters.sh, not part of `mvn verify`): N dead letters (1,000,000 by default)
 * written as a deployment from before the index has them (a list, no index, a value each), then the oldest key
 * inspected (the first use builds the index), requeued and purged, one from the middle requeued, a search, and
 * requeue-all. Prints each operation's time, the slowest commands SLOWLOG logged at a 50 ms threshold, Redis's
 * own latency monitor (every command over 1 ms), and the longest a PING from another client waited meanwhile.
 */
public final class DeadLetterBenchmark {

    private static final java.util.Set<String> CONSTANT_TIME = java.util.Set.of("PING", "HGET", "HSET", "HDEL", "GET", "SET", "EXISTS", "DEL",
            "LLEN", "RPOP", "LPUSH", "INCR");

    private DeadLetterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String layout = args.length > 1 ? args[1] : "single";
        TestRedis redis = new TestRedis().start();
        JedisConnectionFactory connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, Duration.ofSeconds(10), 4);
        try (Jedis jedis = redis.client()) {
            PushSettings settings = PushSettings.from(Map.of("push.redis.url", redis.url(), "push.redis.layout", layout)::get);
            long began = System.nanoTime();
            write(jedis, settings.deadLetterQueue(), entries);
            System.out.printf("wrote %,d dead letters (and their values) to %s in %.1f s; layout %s%n", entries, settings.deadLetterQueue(),
                    (System.nanoTime() - began) / 1e9, layout);
            jedis.configSet("slowlog-log-slower-than", "50000");
            jedis.configSet("slowlog-max-len", "1000");
            jedis.configSet("latency-monitor-threshold", "1");
            jedis.slowlogReset();
            jedis.sendCommand(Protocol.Command.LATENCY, "RESET");
            jedis.configResetStat();

            DeadLetterOperations operations = new DeadLetterOperations(RedisConnections.template(connections), settings);
            try (Pinger pinger = new Pinger(redis)) {
                time("inspect the oldest (first use: indexes the list)", () -> operations.inspect(key(0)).isEmpty() ? "NOT FOUND" : "found");
                time("inspect the oldest again", () -> operations.inspect(key(0)).isEmpty() ? "NOT FOUND" : "found");
                time("requeue the oldest", () -> operations.requeue(key(0)));
                time("purge the (next) oldest", () -> "purged " + operations.purge(key(1)));
                time("requeue one from the middle", () -> operations.requeue(key(entries / 2)));
                time("search '_u" + (entries / 3) + "_' (one match)", () -> operations.search("_u" + (entries / 3) + "_", 10).size() + " found");
                time("requeue-all", operations::requeueAll);
                System.out.printf("after: %,d dead letters, %,d on the push queue%n", operations.count(), jedis.llen(settings.pushQueue()));
                System.out.printf("longest a PING from another client waited meanwhile: %.1f ms (%,d pings)%n", pinger.worstMicros.get() / 1000.0,
                        pinger.count.get());
            }
            var slow = jedis.slowlogGet(1000);
            System.out.printf("SLOWLOG (threshold 50 ms): %d entries%n", slow.size());
            slow.stream().sorted((a, b) -> Long.compare(b.getExecutionTime(), a.getExecutionTime())).limit(5)
                    .forEach(e -> System.out.printf("  %d us: %s%n", e.getExecutionTime(), String.join(" ", e.getArgs()).substring(0,
                            Math.min(120, String.join(" ", e.getArgs()).length()))));
            // a command whose cost does not grow with the data (a LINDEX near an end, an HGET) taking long means
            // Redis was not on a CPU: the machine's load, not the work asked of it
            slow.stream().filter(e -> CONSTANT_TIME.contains(e.getArgs().get(0).toUpperCase()))
                    .max((a, b) -> Long.compare(a.getExecutionTime(), b.getExecutionTime()))
                    .ifPresent(e -> System.out.printf("slowest constant-time command logged (a machine stall): %d us %s%n", e.getExecutionTime(),
                            e.getArgs().get(0)));
            System.out.println("per call, as Redis counts it (INFO commandstats; commands inside scripts counted too):");
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.matches("cmdstat_(evalsha|lrange|lindex|lrem|hget|hset|hscan|rpop|lpush|exists|del|llen|ping):.*")) {
                    System.out.println("  " + line);
                }
            }
            System.out.printf("LATENCY LATEST (threshold 1 ms; event, time, latest ms, max ms): %s%n",
                    render(jedis.sendCommand(Protocol.Command.LATENCY, "LATEST")));
        } finally {
            connections.destroy();
            redis.stop();
        }
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(DeadLetterBenchmark::render).toList().toString();
        }
        return String.valueOf(reply);
    }

    static String key(int i) {
        return "rabbit_push_u" + i + "_" + (100000 + i % 900000);
    }

    private static void write(Jedis jedis, String list, int entries) {
        var pipeline = jedis.pipelined();
        for (int i = 0; i < entries; i++) {
            pipeline.lpush(list, new DeadLetterEntry(key(i), "push provider rejected it with HTTP 400", 400, "{\"code\":1002}", 5,
                    1_700_000_000_000L + i, "deliver-push").toJson());
            pipeline.set(key(i), "value " + i);
            if (i % 10_000 == 9_999) {
                pipeline.sync();
            }
        }
        pipeline.sync();
    }

    private static void time(String what, Supplier<Object> operation) {
        long began = System.nanoTime();
        Object result = operation.get();
        System.out.printf("%-52s %9.1f ms  %s%n", what, (System.nanoTime() - began) / 1e6, result);
    }

    /** Another client's PING every 5 ms, as a PHP producer or another instance would see Redis. */
    private static final class Pinger implements AutoCloseable {
        final AtomicLong worstMicros = new AtomicLong();
        final AtomicLong count = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Pinger(TestRedis redis) {
            thread = new Thread(() -> {
                try (Jedis jedis = redis.client()) {
                    while (running.get()) {
                        long began = System.nanoTime();
                        jedis.ping();
                        worstMicros.accumulateAndGet((System.nanoTime() - began) / 1000, Math::max);
                        count.incrementAndGet();
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "pinger");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
