package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/** A 6-digit nonce collides now and then: an existing key is never overwritten, another nonce is drawn. */
class NonceCollisionTest {

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

    @Test
    void anExistingKeyKeepsItsValueAndTheMessageGetsTheNextNonce() {
        redis.flushAll();
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_5_111111", "an earlier message");
        }
        AtomicInteger draws = new AtomicInteger();
        int[] nonces = {111111, 222222};
        PushSettings settings = PushSettings.from(Map.of("push.redis.url", redis.url())::get);
        PushQueueStore store = PushQueueStore.of(RedisConnections.template(connections), settings, () -> nonces[draws.getAndIncrement()]);

        List<String> keys = store.enqueue(List.of(new PushMessage("5", "a new message")));

        assertThat(keys).containsExactly("rabbit_push_5_222222");
        assertThat(redis.get("rabbit_push_5_111111")).isEqualTo("an earlier message");
        assertThat(redis.get("rabbit_push_5_222222")).isEqualTo("a new message");
        assertThat(redis.list("push_queue")).containsExactly("rabbit_push_5_222222");
        assertThat(draws).hasValue(2);
    }
}
