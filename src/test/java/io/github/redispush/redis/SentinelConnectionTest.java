package io.github.redispush.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.github.redispush.support.TestSentinelGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

/** The connection factory finds the master through real sentinels that want their own password. */
class SentinelConnectionTest {

    private static TestSentinelGroup group;

    @BeforeAll
    static void start() {
        group = new TestSentinelGroup(5000, "sentinel-secret").start();
    }

    @AfterAll
    static void stop() {
        group.close();
    }

    @Test
    void writesGoToTheMasterTheSentinelsName() {
        var factory = RedisConnections.connectionFactory(group.url(), 2, Duration.ofSeconds(2), 2, "", "", "", "sentinel-secret");
        try {
            RedisConnections.checkCredentials(factory, group.url());
            StringRedisTemplate template = RedisConnections.template(factory);
            template.opsForList().leftPush("push_queue", "rabbit_push_1_123456");
        } finally {
            factory.destroy();
        }
        try (Jedis master = TestSentinelGroup.client(group.masterPort())) {
            assertThat(master.lrange("push_queue", 0, -1)).containsExactly("rabbit_push_1_123456");
        }
    }

    @Test
    void aWrongSentinelPasswordFailsTheStart() {
        assertThatThrownBy(() -> RedisConnections.connectionFactory(group.url(), 2, Duration.ofSeconds(2), 2, "", "", "", "wrong").destroy())
                .hasMessageContaining("no sentinel of redis-sentinel://").hasMessageContaining("push.redis.sentinel.password")
                .hasMessageNotContaining("wrong");
    }
}
