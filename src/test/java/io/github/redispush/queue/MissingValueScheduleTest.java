package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import io.github.redispush.config.PushSettings;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The schedule on which a key without a value is checked again (settleMissing-9.lua, recheckMissing-8.lua), against a
 * real Redis with the default horizon of 5 minutes: the first check 1 s after, then as long after each check as the
 * key has waited, at most 60 s apart, the last at the horizon; then missing. The waits are put in the past by
 * rewriting when the key started waiting, not slept through.
 */
class MissingValueScheduleTest {

    private static final String KEY = "rabbit_push_9_999999";
    private static final String AWAITING = "temp_queue:awaiting-value";
    private static final String SINCE = AWAITING + ":since";

    private static TestRedis redis;
    private static JedisConnectionFactory connections;
    private PushQueueStore store;

    @BeforeAll
    static void start() {
        redis = new TestRedis().start();
        connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, java.time.Duration.ofSeconds(2), 2);
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        redis.stop();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
        store = PushQueueStore.of(RedisConnections.template(connections), PushSettings.from(Map.of("push.redis.url", redis.url())::get));
    }

    @Test
    void checksGrowApartUpToAMinuteAndTheLastIsAtTheHorizon() {
        try (Jedis jedis = redis.client()) {
            claimWithoutValue(jedis);
            assertThat(store.settleMissing(KEY, "token")).isEqualTo(PushQueueStore.Missing.AWAITING_VALUE);
            long since = Long.parseLong(jedis.hget(SINCE, KEY));
            assertThat(jedis.zscore(AWAITING, KEY) - since).as("the first check, 1 s later").isEqualTo(1000);
            assertThat(jedis.llen("temp_queue")).as("the claim is released").isZero();
            assertThat(jedis.hget("temp_queue:stats", "awaitingValue")).isEqualTo("1");

            // a key queued again while it waits keeps its schedule
            claimWithoutValue(jedis);
            assertThat(store.settleMissing(KEY, "token")).isEqualTo(PushQueueStore.Missing.AWAITING_VALUE);
            assertThat(Long.parseLong(jedis.hget(SINCE, KEY))).isEqualTo(since);
            assertThat(jedis.hget("temp_queue:stats", "awaitingValue")).isEqualTo("1");

            // waited 5 s: the next check 5 s on
            assertThat(recheckAfterWaiting(jedis, 5_000)).isCloseTo(5_000, within(50.0));
            // waited 200 s: at most a minute on
            assertThat(recheckAfterWaiting(jedis, 200_000)).isCloseTo(60_000, within(50.0));
            // waited 299.5 s: the last check at the horizon
            assertThat(recheckAfterWaiting(jedis, 299_500)).isCloseTo(500, within(50.0));
            assertThat(jedis.hget("temp_queue:stats", "missing")).isNull();

            // waited the horizon: missing, forgotten
            PushQueueStore.Rechecked settled = settleAfterWaiting(jedis, 300_000);
            assertThat(settled.missing()).isEqualTo(1);
            assertThat(jedis.exists(AWAITING, SINCE, "temp_queue:attempts")).isZero();
            assertThat(jedis.hget("temp_queue:stats", "missing")).isEqualTo("1");
            assertThat(jedis.hget("temp_queue:stats", "awaitingValue")).isEqualTo("0");
            assertThat(jedis.llen("push_queue")).isZero();
        }
    }

    @Test
    void aValueThatArrivesSendsTheKeyToTheFrontOfThePushQueueOnce() {
        try (Jedis jedis = redis.client()) {
            claimWithoutValue(jedis);
            store.settleMissing(KEY, "token");
            jedis.lpush("push_queue", "rabbit_push_1_111111");
            jedis.set(KEY, "late");

            PushQueueStore.Rechecked found = settleAfterWaiting(jedis, 1_000);
            assertThat(found.requeued()).isEqualTo(1);
            assertThat(jedis.lrange("push_queue", 0, -1)).as("claimed next (RPOPLPUSH takes the right end)")
                    .containsExactly("rabbit_push_1_111111", KEY);
            assertThat(jedis.hget("temp_queue:stats", "lateValues")).isEqualTo("1");
            assertThat(jedis.exists(AWAITING, SINCE)).isZero();

            // another copy of the key, claimed before the value came back, waits too, while the re-queued one is still
            // on the push queue: its check finds that copy there and does not queue a second
            jedis.del(KEY);
            claimWithoutValue(jedis);
            assertThat(store.settleMissing(KEY, "token")).isEqualTo(PushQueueStore.Missing.AWAITING_VALUE);
            jedis.set(KEY, "late");
            PushQueueStore.Rechecked held = settleAfterWaiting(jedis, 1_000);
            assertThat(held.alreadyHeld()).isEqualTo(1);
            assertThat(held.requeued()).isZero();
            assertThat(jedis.lrange("push_queue", 0, -1)).containsExactly("rabbit_push_1_111111", KEY);
        }
    }

    @Test
    void aValueThatArrivesWhileACopyIsBetweenItsBlockingPopAndItsLeaseIsNotQueuedAgain() {
        try (Jedis jedis = redis.client()) {
            claimWithoutValue(jedis);
            store.settleMissing(KEY, "token");
            // a worker's BRPOPLPUSH has just put another copy in the temp queue; its lease is the next call
            jedis.set(KEY, "late");
            jedis.lpush("temp_queue", KEY);

            PushQueueStore.Rechecked found = settleAfterWaiting(jedis, 1_000);
            assertThat(found.alreadyHeld()).isEqualTo(1);
            assertThat(jedis.llen("push_queue")).isZero();
        }
    }

    /** A live claim of KEY (in the temp queue, leased with token "token") whose lookup found no value. */
    private static void claimWithoutValue(Jedis jedis) {
        jedis.lpush("temp_queue", KEY);
        jedis.zadd("temp_queue:leases", Double.MAX_VALUE, KEY);
        jedis.hset("temp_queue:tokens", KEY, "token");
    }

    /** Makes the key look as if it had waited that long and is due, checks, and returns how far on its next check is. */
    private double recheckAfterWaiting(Jedis jedis, long waitedMs) {
        PushQueueStore.Rechecked rechecked = settleAfterWaiting(jedis, waitedMs);
        assertThat(rechecked.rescheduled()).isEqualTo(1);
        return jedis.zscore(AWAITING, KEY) - now(jedis);
    }

    private PushQueueStore.Rechecked settleAfterWaiting(Jedis jedis, long waitedMs) {
        long now = now(jedis);
        jedis.hset(SINCE, KEY, Long.toString(now - waitedMs));
        jedis.zadd(AWAITING, now, KEY);
        return store.recheckMissing();
    }

    private static long now(Jedis jedis) {
        var time = jedis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }
}
