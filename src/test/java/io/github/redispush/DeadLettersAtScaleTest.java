package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.config.PushSettings;
import io.github.redispush.queue.DeadLetterEntry;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Jedis;

/**
 * Dead letters at scale, in both key layouts (the cluster layout on one server): 30,000 entries written as an
 * existing deployment has them (a list, no index), then the OLDEST is inspected, requeued and purged, one from the
 * middle too, a search finds old entries, requeue-all and purge-all drain the list in chunks, and afterwards the list
 * and the index agree. Forged entries naming keys that are no push keys never have those keys deleted or requeued.
 */
class DeadLettersAtScaleTest {

    private static final int ENTRIES = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestRedis redis;
    private static JedisConnectionFactory connections;

    @BeforeAll
    static void start() {
        redis = new TestRedis().start();
        connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, java.time.Duration.ofSeconds(5), 2);
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        redis.stop();
    }

    private record Names(String list, String index, String indexed, String pushQueue) {
    }

    private static Names names(String layout) {
        String list = layout.equals("cluster") ? "{push_queue}:push_dead_letter" : "push_dead_letter";
        return new Names(list, list + ":index", list + ":indexed", "push_queue");
    }

    private static DeadLetterOperations operations(String layout) {
        return operations(layout, DeadLetterOperations.IN_PLACE_WINDOW);
    }

    private static DeadLetterOperations operations(String layout, int inPlaceWindow) {
        PushSettings settings = PushSettings.from(Map.of("push.redis.url", redis.url(), "push.redis.layout", layout)::get);
        assertThat(settings.deadLetterQueue()).isEqualTo(names(layout).list());
        return new DeadLetterOperations(RedisConnections.template(connections), settings, inPlaceWindow);
    }

    /** The i-th oldest dead letter (0 = oldest): key rabbit_push_u<i>_<100000 + i>. */
    static String key(int i) {
        return "rabbit_push_u" + i + "_" + (100000 + i);
    }

    /** ENTRIES entries, oldest pushed first, each with its value, as a deployment from before the index has them. */
    private static void writeLegacyList(String list) {
        redis.flushAll();
        try (Jedis jedis = redis.client()) {
            var pipeline = jedis.pipelined();
            for (int i = 0; i < ENTRIES; i++) {
                pipeline.lpush(list, new DeadLetterEntry(key(i), "push provider rejected it with HTTP 400", 400, "{\"code\":1002}", 5,
                        1_700_000_000_000L + i, "deliver-push").toJson());
                pipeline.set(key(i), "value " + i);
                if (i % 5_000 == 4_999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void theOldestAndAMiddleEntryAreInspectedRequeuedAndPurged(String layout) throws Exception {
        Names names = names(layout);
        writeLegacyList(names.list());
        // entries more than 1,000 from either end are swapped with the oldest instead of removed in place
        DeadLetterOperations operations = operations(layout, 1_000);

        Map<String, Object> oldest = operations.inspect(key(0));
        assertThat(((JsonNode) oldest.get("entry")).get("key").asText()).isEqualTo(key(0));
        assertThat(oldest.get("value")).isEqualTo("value 0");
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.hlen(names.index())).as("the legacy list was indexed on first use").isEqualTo(ENTRIES);
            assertThat(jedis.get(names.indexed())).isEqualTo(Integer.toString(ENTRIES));
        }

        assertThat(operations.requeue(key(0))).isEqualTo(new DeadLetterOperations.Requeued(1, 0, 0));
        assertThat(redis.list(names.pushQueue())).containsExactly(key(0));
        assertThat(operations.inspect(key(0))).isEmpty();

        assertThat(operations.purge(key(1))).isEqualTo(1);
        assertThat(redis.get(key(1))).as("purged with its value").isNull();

        // one in the middle: found chunk by chunk, the oldest entry takes its place
        int middle = ENTRIES / 2;
        assertThat(operations.requeue(key(middle))).isEqualTo(new DeadLetterOperations.Requeued(1, 0, 0));
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.lindex(names.list(), ENTRIES - 1 - middle)).as("the oldest moved into its place").contains(key(2) + "\"");
            assertThat(jedis.lindex(names.list(), -1)).contains(key(3) + "\"");
        }
        assertThat(redis.list(names.pushQueue())).containsExactly(key(middle), key(0));
        assertThat(operations.purge(key(middle + 1))).isEqualTo(1);
        assertThat(redis.get(key(middle + 1))).isNull();
        // and the newest, removed in place
        assertThat(operations.purge(key(ENTRIES - 1))).isEqualTo(1);

        assertThat(operations.requeue(key(0))).as("no longer dead-lettered").isEqualTo(new DeadLetterOperations.Requeued(0, 0, 0));
        assertThat(operations.purge(key(1))).isZero();
        assertThat(operations.count()).isEqualTo(ENTRIES - 5);
        assertListAndIndexAgree(names, ENTRIES - 5);
        assertThat(redis.get(key(2))).as("the neighbours keep their values").isEqualTo("value 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void entriesDeadLetteredAfterTheIndexWasBuiltAreFoundToo(String layout) {
        Names names = names(layout);
        writeLegacyList(names.list());
        DeadLetterOperations operations = operations(layout);
        assertThat(operations.inspect(key(5))).isNotEmpty();

        // what the dead-lettering scripts (and older instances) do: LPUSH the entry only
        try (Jedis jedis = redis.client()) {
            jedis.set("rabbit_push_late_123456", "late");
            jedis.lpush(names.list(), new DeadLetterEntry("rabbit_push_late_123456", "gave up", null, null, 5, 1_800_000_000_000L, "x").toJson());
        }

        assertThat(operations.inspect("rabbit_push_late_123456")).containsEntry("value", "late");
        assertThat(operations.search("late", 10)).singleElement().asString().contains("rabbit_push_late_123456");
        assertThat(operations.requeue("rabbit_push_late_123456").requeued()).isEqualTo(1);
        assertListAndIndexAgree(names, ENTRIES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aSearchFindsOldEntriesNewestFirst(String layout) throws Exception {
        writeLegacyList(names(layout).list());
        DeadLetterOperations operations = operations(layout);

        // _u2999 matches u2999 and u29990..u29999: the newest first
        List<String> found = operations.search("_u2999", 20);
        assertThat(found).hasSize(11);
        assertThat(JSON.readTree(found.get(0)).get("key").asText()).isEqualTo(key(29999));
        assertThat(JSON.readTree(found.get(10)).get("key").asText()).isEqualTo(key(2999));
        // 11,111 match _u1: a search stops at 1,000 matches, and answers the newest of those
        assertThat(operations.search("_u1", 5)).hasSize(5).allMatch(entry -> entry.contains("\"key\":\"rabbit_push_u1"));
        assertThat(operations.search("_u7_", 5)).singleElement().asString().contains(key(7));
        assertThat(operations.search("u*", 5)).as("glob characters are searched as text").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void requeueAllDrainsEveryEntryInChunks(String layout) {
        Names names = names(layout);
        writeLegacyList(names.list());
        try (Jedis jedis = redis.client()) {
            jedis.del(key(3));
        }
        DeadLetterOperations operations = operations(layout);
        operations.inspect(key(10)); // half the story: the index built, then drained

        DeadLetterOperations.Requeued requeued = operations.requeueAll();

        assertThat(requeued).isEqualTo(new DeadLetterOperations.Requeued(ENTRIES - 1, 1, 0));
        assertThat(redis.length(names.pushQueue())).isEqualTo(ENTRIES - 1);
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.lindex(names.pushQueue(), -1)).as("oldest first").isEqualTo(key(0));
            assertThat(jedis.exists(names.list(), names.index())).isZero();
            assertThat(jedis.get(names.indexed())).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void purgeAllDrainsEveryEntryAndItsValueInChunks(String layout) {
        Names names = names(layout);
        writeLegacyList(names.list());

        assertThat(operations(layout).purgeAll()).isEqualTo(ENTRIES);

        assertThat(redis.dbSize()).as("every entry and value gone, and the index").isLessThanOrEqualTo(1);
        assertThat(redis.length(names.list())).isZero();
        assertThat(redis.length(names.pushQueue())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aForgedEntryNeverHasItsKeyDeletedOrRequeued(String layout) {
        Names names = names(layout);
        redis.flushAll();
        try (Jedis jedis = redis.client()) {
            jedis.set("config_key", "keep me");
            jedis.set("rabbit_push_1_111111", "one");
            jedis.lpush(names.list(), "{\"key\":\"config_key\",\"reason\":\"forged\"}");
            jedis.lpush(names.list(), new DeadLetterEntry("rabbit_push_1_111111", "r", null, null, 5, 1L, "x").toJson());
            jedis.lpush(names.list(), "{\"key\":\"config_key\",\"reason\":\"forged again\"}");
            jedis.lpush(names.list(), "{\"key\":\"rabbit_push_2_222222_extra\",\"reason\":\"forged, almost a push key\"}");
            jedis.set("rabbit_push_2_222222_extra", "keep me too");
        }
        DeadLetterOperations operations = operations(layout);

        assertThat(operations.purge("config_key")).as("the entry goes").isEqualTo(1);
        assertThat(operations.requeue("rabbit_push_2_222222_extra")).isEqualTo(new DeadLetterOperations.Requeued(0, 0, 1));
        assertThat(redis.get("config_key")).isEqualTo("keep me");
        assertThat(redis.length(names.pushQueue())).isZero();

        try (Jedis jedis = redis.client()) {
            jedis.lpush(names.list(), "{\"key\":\"rabbit_push_2_222222_extra\",\"reason\":\"forged, almost a push key\"}");
        }
        assertThat(operations.purgeAll()).isEqualTo(3);
        assertThat(redis.get("config_key")).as("never deleted by a purge").isEqualTo("keep me");
        assertThat(redis.get("rabbit_push_2_222222_extra")).isEqualTo("keep me too");
        assertThat(redis.get("rabbit_push_1_111111")).as("a push key's value goes").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void anEmptyKeyIsRefused(String layout) {
        Names names = names(layout);
        redis.flushAll();
        try (Jedis jedis = redis.client()) {
            jedis.lpush(names.list(), new DeadLetterEntry("rabbit_push_1_111111", "r", null, null, 5, 1L, "x").toJson());
        }
        DeadLetterOperations operations = operations(layout);

        for (String empty : new String[] {"", " ", null}) {
            assertThat(catchThrowable(() -> operations.purge(empty))).isInstanceOf(DeadLetterOperations.NoKeyException.class)
                    .hasMessageContaining("purge-all");
            assertThat(catchThrowable(() -> operations.requeue(empty))).isInstanceOf(DeadLetterOperations.NoKeyException.class);
        }
        assertThat(redis.length(names.list())).isEqualTo(1);
    }

    /** Each key on the list is in the index with its newest entry, and the index names nothing else. */
    private static void assertListAndIndexAgree(Names names, int expected) {
        try (Jedis jedis = redis.client()) {
            List<String> entries = jedis.lrange(names.list(), 0, -1);
            Map<String, String> index = jedis.hgetAll(names.index());
            Map<String, String> newest = new HashMap<>();
            for (String entry : entries) {
                newest.putIfAbsent(JSON.readTree(entry).get("key").asText(), entry);
            }
            assertThat(entries).hasSize(expected);
            assertThat(index).isEqualTo(newest);
            assertThat(jedis.get(names.indexed())).isEqualTo(Integer.toString(expected));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
