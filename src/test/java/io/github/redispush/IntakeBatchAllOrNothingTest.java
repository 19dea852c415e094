package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.redispush.config.PushSettings;
import io.github.redispush.queue.PushMessage;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * An intake batch is all or nothing, in both key layouts: when its third message cannot be written, the first two
 * are not on the push queue either (the answer "nothing queued" is then true), and no value of theirs is left.
 */
class IntakeBatchAllOrNothingTest {

    private static TestRedis redis;
    private static JedisConnectionFactory connections;

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
    void clean() {
        redis.flushAll();
    }

    private static PushQueueStore store(String layout, java.util.function.IntSupplier nonces) {
        PushSettings settings = PushSettings.from(Map.of("push.redis.url", redis.url(), "push.redis.layout", layout)::get);
        return PushQueueStore.of(RedisConnections.template(connections), settings, nonces);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aBatchWhoseThirdMessageCannotBeWrittenQueuesNothing(String layout) {
        try (var jedis = redis.client()) {
            // every nonce the third message can draw is taken: it can never be written
            jedis.set("rabbit_push_3_333333", "an earlier message");
        }
        PushQueueStore store = store(layout, () -> 333333);

        Throwable thrown = catchThrowable(() -> store.enqueue(List.of(new PushMessage("1", "a"), new PushMessage("2", "b"),
                new PushMessage("3", "c"), new PushMessage("4", "d"))));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing queued");
        assertThat(redis.length("push_queue")).as("none of the batch queued").isZero();
        assertThat(redis.get("rabbit_push_1_333333")).as("no value of the batch left behind").isNull();
        assertThat(redis.get("rabbit_push_2_333333")).isNull();
        assertThat(redis.get("rabbit_push_3_333333")).as("the existing key untouched").isEqualTo("an earlier message");
        assertThat(redis.dbSize()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aCollisionIsRedrawnAndTheWholeBatchQueuedInOrder(String layout) {
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_2_111111", "an earlier message");
        }
        // the first draws collide with the existing key and with each other (two messages of uid 1)
        int[] nonces = {111111, 111111, 111111, 222222, 111111, 333333, 444444, 555555};
        AtomicInteger draws = new AtomicInteger();
        PushQueueStore store = store(layout, () -> nonces[Math.min(draws.getAndIncrement(), nonces.length - 1)]);

        List<String> keys = store.enqueue(List.of(new PushMessage("1", "a"), new PushMessage("1", "b"), new PushMessage("2", "c")));

        assertThat(keys).hasSize(3).doesNotHaveDuplicates().doesNotContain("rabbit_push_2_111111");
        assertThat(keys.stream().map(redis::get)).containsExactly("a", "b", "c");
        assertThat(redis.list("push_queue")).containsExactly(keys.get(2), keys.get(1), keys.get(0));
        assertThat(redis.get("rabbit_push_2_111111")).isEqualTo("an earlier message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cluster"})
    void aPushQueueOfTheWrongTypeQueuesNothing(String layout) {
        try (var jedis = redis.client()) {
            jedis.set("push_queue", "not a list");
        }
        PushQueueStore store = store(layout, new AtomicInteger(100000)::getAndIncrement);

        Throwable thrown = catchThrowable(() -> store.enqueue(List.of(new PushMessage("1", "a"), new PushMessage("2", "b"))));

        assertThat(thrown).isNotNull();
        assertThat(redis.get("push_queue")).isEqualTo("not a list");
        // single: checked before anything is written; cluster: the values written before the LPUSH failed are deleted again
        assertThat(redis.dbSize()).as("no value of the batch left behind").isEqualTo(1);
    }
}
