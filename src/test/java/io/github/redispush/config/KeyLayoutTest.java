package io.github.redispush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The two layouts' key names: single keeps the PHP names; cluster puts every bookkeeping key in the push queue's slot. */
class KeyLayoutTest {

    private static PushSettings settings(String... properties) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            p.put(properties[i], properties[i + 1]);
        }
        return PushSettings.from(p::get);
    }

    private static List<String> bookkeeping(PushSettings s) {
        RedisKeys k = RedisKeys.of(s);
        return List.of(s.tempQueue(), s.deadLetterQueue(), k.leases(), k.leaseTokens(), k.attempts(), k.stats(),
                k.retries(), k.adopted(), k.rate(), k.awaitingValue(), k.awaitingValueSince(), k.deadLetterIndex(),
                k.deadLetterIndexed(), k.idempotencyPrefix(), k.scheduled(), k.traceContextPrefix(), k.deferred(), k.uidWindowPrefix(), k.history());
    }

    /** Every name RedisKeys holds, read off the record, so a key added later cannot be left out of the slot check. */
    private static List<String> everyKey(PushSettings s) {
        RedisKeys k = RedisKeys.of(s);
        return Arrays.stream(RedisKeys.class.getRecordComponents()).map(c -> {
            try {
                return (String) c.getAccessor().invoke(k);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void singleKeepsThePhpNamesByteForByte() {
        PushSettings single = settings("push.redis.url", "redis://h:6379");

        assertThat(bookkeeping(single)).containsExactly("temp_queue", "push_dead_letter", "temp_queue:leases", "temp_queue:tokens",
                "temp_queue:attempts", "temp_queue:stats", "temp_queue:retries", "temp_queue:adopted", "temp_queue:rate",
                "temp_queue:awaiting-value", "temp_queue:awaiting-value:since", "push_dead_letter:index",
                "push_dead_letter:indexed", "temp_queue:idempotency:", "temp_queue:scheduled", "temp_queue:trace:",
                "temp_queue:deferred", "temp_queue:uid-window:", "temp_queue:history");
        assertThat(RedisKeys.of(single).idempotency("order-7")).isEqualTo("temp_queue:idempotency:order-7");
        assertThat(RedisKeys.of(single).traceContext("rabbit_push_20_175990")).isEqualTo("temp_queue:trace:rabbit_push_20_175990");
        assertThat(everyKey(single)).as("every key is named here").containsExactlyInAnyOrderElementsOf(
                Stream.concat(Stream.of("push_queue"), bookkeeping(single).stream()).toList());
        assertThat(single.clusterLayout()).isFalse();
    }

    @Test
    void clusterPutsEveryBookkeepingKeyInThePushQueuesSlot() {
        PushSettings cluster = settings("push.redis.url", "redis-cluster://h:7000");

        assertThat(cluster.clusterLayout()).isTrue();
        assertThat(cluster.pushQueue()).isEqualTo("push_queue");
        assertThat(cluster.tempQueue()).isEqualTo("{push_queue}:temp_queue");
        assertThat(cluster.deadLetterQueue()).isEqualTo("{push_queue}:push_dead_letter");
        assertThat(RedisKeys.of(cluster).retries()).isEqualTo("{push_queue}:temp_queue:retries");
        assertThat(JedisClusterCRC16.getSlot(RedisKeys.of(cluster).idempotency("order-7"))).isEqualTo(JedisClusterCRC16.getSlot("push_queue"));
        assertThat(JedisClusterCRC16.getSlot(RedisKeys.of(cluster).traceContext("rabbit_push_20_175990"))).isEqualTo(JedisClusterCRC16.getSlot("push_queue"));
        assertThat(JedisClusterCRC16.getSlot(RedisKeys.of(cluster).uidWindow("{42}"))).as("a uid with braces keeps the tag")
                .isEqualTo(JedisClusterCRC16.getSlot("push_queue"));
        int slot = JedisClusterCRC16.getSlot("push_queue");
        assertThat(slot).isEqualTo(7196);
        assertThat(everyKey(cluster)).hasSize(20).allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).as(key).isEqualTo(slot));
    }

    @Test
    void aPushQueueWithItsOwnHashTagKeepsIt() {
        PushSettings cluster = settings("push.redis.layout", "cluster", "push.queue.push", "orders{eu}", "push.queue.temp", "orders_temp");

        assertThat(cluster.tempQueue()).isEqualTo("orders{eu}:orders_temp");
        assertThat(everyKey(cluster)).allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).as(key)
                .isEqualTo(JedisClusterCRC16.getSlot("orders{eu}")));
    }

    @Test
    void theLayoutIsChosenOrRefusedClearly() {
        assertThat(settings("push.redis.layout", "cluster", "push.redis.url", "redis://h").clusterLayout())
                .as("cluster names on one server work too").isTrue();
        assertThat(settings("push.redis.layout", "single").clusterLayout()).isFalse();
        assertThatThrownBy(() -> settings("push.redis.layout", "single", "push.redis.url", "redis-cluster://h:1"))
                .hasMessageContaining("cannot run on a Redis Cluster");
        assertThatThrownBy(() -> settings("push.redis.layout", "sharded")).hasMessageContaining("auto, single or cluster");
        assertThatThrownBy(() -> settings("push.redis.layout", "cluster", "push.queue.push", "{}odd")).hasMessageContaining("hashes elsewhere");
    }
}
