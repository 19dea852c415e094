package io.github.redispush.support;

import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;

/**
 * What a PHP deployment leaves in temp_queue when its recovery daemon has been down for a while: every key its
 * workers moved there (BRPOPLPUSH puts each at the head, so the oldest are at the tail), most without a value
 * (delivered, the value deleted) and a few with one (the worker crashed before sending: stranded pushes).
 */
public final class PhpLeftovers {

    private PhpLeftovers() {
    }

    /**
     * Writes n leftover keys into temp_queue, one in every {@code everyNthStranded} with a value, pipelined.
     *
     * @return the stranded keys (those with a value), which must still be delivered
     */
    public static List<String> write(Jedis jedis, int n, int everyNthStranded) {
        List<String> stranded = new ArrayList<>(n / everyNthStranded + 1);
        var pipeline = jedis.pipelined();
        for (int i = 0; i < n; i++) {
            String key = "rabbit_push_old" + i + "_" + (100000 + i % 900000);
            pipeline.lpush("temp_queue", key);
            if (i % everyNthStranded == everyNthStranded - 1) {
                pipeline.set(key, "t=" + System.currentTimeMillis());
                stranded.add(key);
            }
            if (i % 10_000 == 9_999) {
                pipeline.sync();
            }
        }
        pipeline.sync();
        return stranded;
    }

    /** Commands that take microseconds whatever the data: when SLOWLOG shows one, Redis itself was stalled. */
    private static final java.util.Set<String> CONSTANT_TIME = java.util.Set.of("get", "set", "del", "exists", "hget", "hset", "hdel",
            "hincrby", "hlen", "zadd", "zrem", "zcard", "zscore", "llen", "lpush", "rpush", "rpop", "rpoplpush", "ping", "select");

    /** The slowest command in SLOWLOG (microseconds), 0 when it logged none. */
    public static long slowestLoggedMicros(Jedis jedis) {
        return jedis.slowlogGet(128).stream().mapToLong(entry -> entry.getExecutionTime()).max().orElse(0);
    }

    /**
     * The slowest constant-time command in SLOWLOG (microseconds): how long the machine stalled Redis (a process
     * descheduled on a loaded machine), which any command measured at that moment includes. 0 when none.
     */
    public static long stallMicros(Jedis jedis) {
        return jedis.slowlogGet(128).stream().filter(entry -> CONSTANT_TIME.contains(entry.getArgs().get(0).toLowerCase()))
                .mapToLong(entry -> entry.getExecutionTime()).max().orElse(0);
    }

    /** The slowest logged commands, for a failure message. */
    public static String slowlog(Jedis jedis) {
        StringBuilder text = new StringBuilder();
        jedis.slowlogGet(10).forEach(entry -> text.append(entry.getExecutionTime()).append(" us: ")
                .append(String.join(" ", entry.getArgs().subList(0, Math.min(4, entry.getArgs().size())))).append('\n'));
        return text.toString();
    }
}
