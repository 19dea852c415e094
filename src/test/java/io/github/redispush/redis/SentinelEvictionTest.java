package io.github.redispush.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.github.redispush.InvalidConfigurationException;
import io.github.redispush.support.TestSentinelGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Through a Sentinel URL the eviction policy read is the master's (the server the sentinels name), from INFO memory:
 * allkeys-lru there refuses the start, noeviction lets it through.
 */
class SentinelEvictionTest {

    private static TestSentinelGroup group;

    @BeforeAll
    static void start() {
        group = new TestSentinelGroup(5000).start();
    }

    @AfterAll
    static void stop() {
        group.close();
    }

    @Test
    void theMastersPolicyIsReadThroughTheSentinels() {
        var factory = RedisConnections.connectionFactory(group.url(), 2, Duration.ofSeconds(2), 2, "", "", "", "");
        try {
            assertThat(EvictionPolicy.read(factory).describe()).isEqualTo("noeviction");
            new EvictionWatch(factory, "sentinel", false).checkAtStart();

            policy("allkeys-lfu");

            assertThat(EvictionPolicy.read(factory).evictsAnyKey()).isTrue();
            assertThatThrownBy(() -> new EvictionWatch(factory, "sentinel", false).checkAtStart())
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("maxmemory-policy allkeys-lfu").hasMessageContaining("push.redis.allow-eviction=true");
            new EvictionWatch(factory, "sentinel", true).checkAtStart(); // accepted: a WARN, no refusal
        } finally {
            policy("noeviction");
            factory.destroy();
        }
    }

    private static void policy(String policy) {
        try (Jedis master = TestSentinelGroup.client(group.masterPort())) {
            master.configSet("maxmemory-policy", policy);
        }
    }
}
