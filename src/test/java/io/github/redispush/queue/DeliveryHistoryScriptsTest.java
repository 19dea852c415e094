package io.github.redispush.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RedisKeys;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The settling scripts write the delivery history, in either key layout (the cluster layout's scripts on one server):
 * an acknowledged batch is one entry per push, its status, attempt, ms, instance and code packed in one value; a retry
 * and a dead letter are entries with their reason (every entry has the same three fields, the unknown values empty);
 * the search reads them back with the uid from the key; the stream stays near push.history.max-entries and loses its
 * entries older than push.history.max-age, trimmed at most once a second; with push.history.enabled=false not one entry
 * is written, and the scripts work as before.
 */
class DeliveryHistoryScriptsTest {

    private static TestRedis redis;
    private static JedisConnectionFactory connections;

    @BeforeAll
    static void start() {
        redis = new TestRedis().start();
        connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, java.time.Duration.ofSeconds(2), 4);
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        redis.stop();
    }

    private static PushSettings settings(String layout, String... more) {
        Map<String, String> p = new HashMap<>(Map.of("push.redis.url", redis.url(), "push.redis.layout", layout, "push.max-attempts", "2"));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return PushSettings.from(p::get);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void everySettledPushIsOneEntryOfACappedAgedHistory(String layout) {
        redis.flushAll();
        PushSettings settings = settings(layout, "push.history.enabled", "true", "push.history.max-entries", "100", "push.history.max-age", "1h");
        String stream = RedisKeys.of(settings).history();
        PushQueueStore store = PushQueueStore.of(RedisConnections.template(connections), settings);

        List<String> keys = redis.phpProducerWrites(3, "4");
        List<PushQueueStore.Claimed> claims = store.claim("t", 3);
        assertThat(claims).hasSize(3);
        String delivered = text(claims.get(0));
        String retried = text(claims.get(1));
        String dead = text(claims.get(2));

        assertThat(store.acknowledge(List.of(delivered), List.of(claims.get(0).token()),
                List.of(new DeliveryOutcome(200, "200", 1, 12L, null)))).isEqualTo(1);
        assertThat(store.scheduleRetry(retried, claims.get(1).token(), 5000, true, null,
                new DeliveryOutcome(503, null, 1, 30L, "HTTP 503"))).isEqualTo(PushQueueStore.Retry.SCHEDULED);
        DeadLetterEntry entry = new DeadLetterEntry(dead, "push provider rejected it with HTTP 400", 400, "bad", 1, 0, "deliver");
        assertThat(store.deadLetter(dead, claims.get(2).token(), entry, new DeliveryOutcome(400, "E|1002", 1, 8L, entry.reason()))).isTrue();

        try (Jedis jedis = redis.client()) {
            List<StreamEntry> entries = jedis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null);
            assertThat(entries).hasSize(3);
            String instance = DeliveryHistory.instanceName();
            assertThat(entries.get(0).getFields()).containsOnlyKeys("key", "result", "reason").containsEntry("key", delivered)
                    .containsEntry("result", "delivered||200|1|12|" + instance + "|200").containsEntry("reason", "");
            assertThat(entries.get(1).getFields()).containsEntry("key", retried)
                    .containsEntry("result", "retried|5000|503|1|30|" + instance + "|").containsEntry("reason", "HTTP 503");
            assertThat(entries.get(2).getFields()).containsEntry("key", dead)
                    .containsEntry("result", "dead-lettered||400|1|8|" + instance + "|E|1002")
                    .containsEntry("reason", "push provider rejected it with HTTP 400");

            // read back: the uid from the key, numbers as numbers, unknown values left out
            DeliveryHistory reader = new DeliveryHistory(RedisConnections.template(connections), settings);
            assertThat(reader.search(null, retried, 1).entries()).singleElement().satisfies(e -> assertThat(e)
                    .containsEntry("outcome", "retried").containsEntry("key", retried).containsEntry("uid", "41")
                    .containsEntry("status", 503L).containsEntry("attempt", 1L).containsEntry("ms", 30L)
                    .containsEntry("reason", "HTTP 503").containsEntry("retryInMs", 5000L).containsEntry("instance", instance)
                    .doesNotContainKey("code"));
            assertThat(store.deadLetter("not-a-push-key", "", new DeadLetterEntry("not-a-push-key", "malformed key", null, null, 1, 0, "parse"),
                    new DeliveryOutcome(null, null, 1, null, "malformed key"))).isTrue();
            assertThat(reader.search(null, "not-a-push-key", 1).entries()).as("a key that does not parse has no uid")
                    .singleElement().satisfies(e -> assertThat(e).containsEntry("outcome", "dead-lettered").doesNotContainKey("uid"));
            assertThat(reader.search(null, dead, 1).entries()).as("the code is the result's last value: a '|' in it stays")
                    .singleElement().satisfies(e -> assertThat(e).containsEntry("code", "E|1002").containsEntry("instance", instance));
            assertThat(keys).contains(delivered, retried, dead);

            // the retry's second try spends the last attempt: dead-lettered, in the history as such, without a retry time
            store.moveDueRetries();
            jedis.zadd(RedisKeys.of(settings).retries(), 0, retried);
            store.moveDueRetries();
            PushQueueStore.Claimed again = store.claim("u", 1).get(0);
            assertThat(store.scheduleRetry(retried, again.token(), 5000, true,
                    new DeadLetterEntry(retried, "gave up after 2 attempts", 503, null, 2, 0, "deliver"),
                    new DeliveryOutcome(503, null, 2, 20L, "HTTP 503"))).isEqualTo(PushQueueStore.Retry.DEAD_LETTERED);
            Map<String, String> last = jedis.xrevrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1).get(0).getFields();
            assertThat(last).containsEntry("result", "dead-lettered||503|2|20|" + instance + "|");

            // the count cap: 1,000 deliveries in batches of 50 leave about 100 entries (MAXLEN ~ keeps whole nodes)
            for (int batch = 0; batch < 20; batch++) {
                List<String> batchKeys = new ArrayList<>();
                List<String> tokens = new ArrayList<>();
                List<DeliveryOutcome> outcomes = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batchKeys.add("rabbit_push_9_" + (100000 + batch * 50 + i));
                    tokens.add("none");
                    outcomes.add(new DeliveryOutcome(200, null, 1, 1L, null));
                }
                store.acknowledge(batchKeys, tokens, outcomes);
            }
            assertThat(jedis.xlen(stream)).as("capped near push.history.max-entries").isBetween(100L, 250L);
            assertThat(jedis.hget(RedisKeys.of(settings).stats(), "delivered")).isEqualTo("1001");

            // the age cap, by a store whose count cap is far off: three nodes of entries from 1970 go with its first
            // write; written again at once, they stay until the next second's first write (one trim a second)
            PushSettings aged = settings(layout, "push.history.enabled", "true", "push.history.max-entries", "100000", "push.history.max-age", "1h");
            PushQueueStore fresh = PushQueueStore.of(RedisConnections.template(connections), aged);
            long trimmedAt = 0;
            for (int round = 0; round < 2; round++) {
                jedis.del(stream);
                for (int i = 1; i <= 300; i++) {
                    jedis.xadd(stream, XAddParams.xAddParams().id(new StreamEntryID(1000, i)), Map.of("key", "rabbit_push_0_100000", "result", "delivered|", "reason", ""));
                }
                if (round == 0) {
                    trimmedAt = System.nanoTime(); // at the latest when this write is told to trim
                }
                fresh.acknowledge(List.of("rabbit_push_9_999999"), List.of("none"), List.of(new DeliveryOutcome(200, null, 1, 1L, null)));
                if (round == 0) {
                    assertThat(jedis.xlen(stream)).as("a store's first write trims").isLessThan(200);
                }
                if (round == 1 && System.nanoTime() - trimmedAt < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(900)) {
                    assertThat(jedis.xlen(stream)).as("no second trim within the second").isEqualTo(301L);
                }
                long writeBy = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                while (jedis.xlen(stream) > 200 && System.nanoTime() < writeBy && pause(100)) {
                    fresh.acknowledge(List.of("rabbit_push_9_999999"), List.of("none"), List.of(new DeliveryOutcome(200, null, 1, 1L, null)));
                }
                List<StreamEntry> left = jedis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null);
                assertThat(left).as("entries older than push.history.max-age trimmed, node by node").hasSizeLessThan(200);
                assertThat(left.get(left.size() - 1).getFields()).containsEntry("key", "rabbit_push_9_999999");
            }

            // the search: newest first, by uid, by key, both, with a limit
            DeliveryHistory history = new DeliveryHistory(RedisConnections.template(connections), settings);
            assertThat(history.search("9", null, 1).entries()).singleElement()
                    .satisfies(e -> assertThat(e).containsEntry("key", "rabbit_push_9_999999").containsEntry("status", 200L));
            assertThat(history.search(null, "rabbit_push_9_999999", 100).wholeHistory()).as("a search under its limit reads it all").isTrue();
            assertThat(history.search("8", "rabbit_push_9_999999", 10).entries()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void switchedOffNotOneEntryIsWritten(String layout) {
        redis.flushAll();
        PushSettings settings = settings(layout, "push.history.enabled", "false");
        PushQueueStore store = PushQueueStore.of(RedisConnections.template(connections), settings);
        redis.phpProducerWrites(3, "5");
        List<PushQueueStore.Claimed> claims = store.claim("t", 3);

        assertThat(store.acknowledge(List.of(text(claims.get(0))), List.of(claims.get(0).token()),
                List.of(new DeliveryOutcome(200, null, 1, 1L, null)))).isEqualTo(1);
        assertThat(store.scheduleRetry(text(claims.get(1)), claims.get(1).token(), 5000, true, null, null)).isEqualTo(PushQueueStore.Retry.SCHEDULED);
        assertThat(store.deadLetter(text(claims.get(2)), claims.get(2).token(),
                new DeadLetterEntry(text(claims.get(2)), "refused", 400, null, 1, 0, "deliver"))).isTrue();

        try (Jedis jedis = redis.client()) {
            assertThat(jedis.exists(RedisKeys.of(settings).history())).isFalse();
            assertThat(jedis.llen(settings.tempQueue())).as("every claim settled as before").isZero();
            assertThat(jedis.zcard(RedisKeys.of(settings).retries())).isEqualTo(1);
            assertThat(jedis.llen(settings.deadLetterQueue())).isEqualTo(1);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static String text(PushQueueStore.Claimed claim) {
        return new String(claim.key(), StandardCharsets.UTF_8);
    }
}
