package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RedisKeys;
import io.github.redispush.config.UidRateLimit;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Jedis;

/**
 * deferOverUidLimit-8.lua against a real Redis, on both key layouts (the cluster layout's names and its variant with
 * the push key as an argument, on one server): slots handed out window after window, a deferred key moved from the
 * temp queue to the schedule in one step (never in both, never in neither), a claim taken over left alone, and a
 * deferred key sent in its window without taking a second slot. Waits are put in the past by rewriting Redis, not slept.
 */
class UidSlotTest {

    private static final UidRateLimit TWO_AN_HOUR = new UidRateLimit(2, Duration.ofHours(1));
    private static final long HOUR = 3_600_000L;

    private static TestRedis redis;
    private static JedisConnectionFactory connections;

    @BeforeAll
    static void start() {
        redis = new TestRedis().start();
        connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, Duration.ofSeconds(2), 2);
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        redis.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void slotsWindowAfterWindowEachKeyInExactlyOnePlace(String layout) {
        redis.flushAll();
        PushSettings settings = PushSettings.from(Map.of("push.redis.url", redis.url(), "push.redis.layout", layout)::get);
        RedisKeys names = RedisKeys.of(settings);
        PushQueueStore store = PushQueueStore.of(RedisConnections.template(connections), settings);
        try (Jedis jedis = redis.client()) {
            for (int i = 0; i < 5; i++) {
                jedis.lpush("push_queue", "rabbit_push_7_10000" + i);
                jedis.set("rabbit_push_7_10000" + i, "message " + i);
            }
            List<PushQueueStore.Claimed> claims = store.claim("w", 5);
            assertThat(claims).hasSize(5);

            List<PushQueueStore.UidSlot> slots = claims.stream().map(c -> store.takeUidSlot(key(c), c.token(), "7", TWO_AN_HOUR)).toList();
            assertThat(slots.subList(0, 2)).as("the first window's two").allMatch(PushQueueStore.UidSlot::sendNow);
            // the uid's state names its latest window with a reservation, the third
            long third = Long.parseLong(jedis.hget(names.uidWindow("7"), "start"));
            long start = third - HOUR;
            assertThat(slots.subList(2, 5).stream().map(PushQueueStore.UidSlot::dueAt)).as("two to a window, the windows an hour apart")
                    .containsExactly(start, start, third);
            for (int i = 0; i < 5; i++) {
                String key = key(claims.get(i));
                boolean deferred = i >= 2;
                assertThat(jedis.lrange(names.tempQueue(), 0, -1).contains(key)).as(key + " claimed").isEqualTo(!deferred);
                assertThat(jedis.zscore(names.scheduled(), key) != null).as(key + " scheduled").isEqualTo(deferred);
                assertThat(jedis.zscore(names.leases(), key) != null).as(key + " leased").isEqualTo(!deferred);
                assertThat(jedis.hexists(names.leaseTokens(), key)).isEqualTo(!deferred);
                assertThat(jedis.get(key)).as("its value kept").isEqualTo("message " + i);
            }
            assertThat(jedis.zrangeWithScores(names.deferred(), 0, -1)).hasSize(3);
            assertThat(jedis.pttl(names.uidWindow("7"))).as("the uid's state lasts until its last reserved window ends")
                    .isBetween(3 * HOUR - 60_000, 3 * HOUR);
            assertThat(jedis.hget(names.stats(), "deferredPerUid")).isEqualTo("3");

            // a stale claim (its lease taken over) decides nothing: the key stays where it is, no slot is taken
            assertThat(store.takeUidSlot(key(claims.get(0)), "someone-else", "7", TWO_AN_HOUR).dueAt()).isEqualTo(-1);
            assertThat(jedis.lrange(names.tempQueue(), 0, -1)).contains(key(claims.get(0)));
            assertThat(jedis.hget(names.uidWindow("7"), "used")).isEqualTo("1");

            // the first deferred key back on the queue before its window (requeued by hand): to the same window, no new slot
            String early = key(claims.get(2));
            jedis.zrem(names.scheduled(), early);
            jedis.rpush("push_queue", early);
            PushQueueStore.Claimed again = store.claim("x", 1).get(0);
            assertThat(store.takeUidSlot(early, again.token(), "7", TWO_AN_HOUR).dueAt()).isEqualTo(start);
            assertThat(jedis.hget(names.uidWindow("7"), "used")).as("no second slot").isEqualTo("1");
            assertThat(jedis.hget(names.stats(), "deferredPerUid")).as("not counted twice").isEqualTo("3");

            // its window opens (the reservation moved into the past): released, claimed and sent on the slot it holds
            jedis.zadd(names.scheduled(), 0, early);
            jedis.zadd(names.deferred(), 0, early);
            assertThat(store.releaseDueScheduled()).isEqualTo(1);
            PushQueueStore.Claimed released = store.claim("y", 1).get(0);
            assertThat(key(released)).isEqualTo(early);
            assertThat(store.takeUidSlot(early, released.token(), "7", TWO_AN_HOUR).sendNow()).isTrue();
            assertThat(jedis.zscore(names.deferred(), early)).as("its reservation used").isNull();
            assertThat(jedis.hget(names.uidWindow("7"), "used")).isEqualTo("1");

            // another uid is not held back by this one's backlog
            jedis.lpush("push_queue", "rabbit_push_8_100000");
            PushQueueStore.Claimed other = store.claim("z", 1).get(0);
            assertThat(store.takeUidSlot(key(other), other.token(), "8", TWO_AN_HOUR).sendNow()).isTrue();
        }
    }

    private static String key(PushQueueStore.Claimed claim) {
        return new String(claim.key(), StandardCharsets.UTF_8);
    }
}
