package io.github.redispush.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redispush.support.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** How a connection's real remote end is told from the address Jedis reports (SentinelFailoverIT covers the switch). */
class CurrentMasterConnectionFactoryTest {

    @Test
    void aConnectionIsToldByTheServerItsSocketReaches() {
        TestRedis redis = new TestRedis().start();
        try (Jedis jedis = redis.client()) {
            jedis.ping();
            assertThat(CurrentMasterConnectionFactory.connectedTo(jedis, new HostAndPort("127.0.0.1", redis.port()))).isTrue();
            assertThat(CurrentMasterConnectionFactory.connectedTo(jedis, new HostAndPort("127.0.0.1", redis.port() + 1))).isFalse();
            assertThat(CurrentMasterConnectionFactory.connectedTo(jedis, new HostAndPort("127.0.0.2", redis.port()))).isFalse();
        } finally {
            redis.stop();
        }
    }

    @Test
    void aHostNameOrAnAddressMatches() {
        String identity = "Connection{id: 0x1F, L:/10.0.0.5:50000 - R:redis-a/10.0.0.9:6379}";
        assertThat(CurrentMasterConnectionFactory.connectedTo(identity, new HostAndPort("redis-a", 6379))).isTrue();
        assertThat(CurrentMasterConnectionFactory.connectedTo(identity, new HostAndPort("10.0.0.9", 6379))).isTrue();
        assertThat(CurrentMasterConnectionFactory.connectedTo(identity, new HostAndPort("10.0.0.8", 6379))).isFalse();
        // not connected yet, or a format this code does not know: left to Jedis, as before
        assertThat(CurrentMasterConnectionFactory.connectedTo("Connection{id: 0x1F}", new HostAndPort("10.0.0.8", 6379))).isTrue();
    }
}
