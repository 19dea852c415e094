package io.github.redispush.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.github.redispush.redis.SentinelUrl.HostAndPort;
import org.junit.jupiter.api.Test;

/** push.redis.url's Sentinel form, as Lettuce users write it. */
class SentinelUrlTest {

    @Test
    void sentinelsMasterDatabaseAndTheMastersCredentials() {
        SentinelUrl url = SentinelUrl.parse("redis-sentinel://pusher:s%40cret@s1.internal:26379,s2.internal,10.0.0.3:26380/2#orders");

        assertThat(url.sentinels()).containsExactly(new HostAndPort("s1.internal", 26379), new HostAndPort("s2.internal", 26379),
                new HostAndPort("10.0.0.3", 26380));
        assertThat(url.master()).isEqualTo("orders");
        assertThat(url.db()).isEqualTo(2);
        assertThat(url.username()).isEqualTo("pusher");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.tls()).isFalse();
        assertThat(url.redacted()).isEqualTo("redis-sentinel://pusher:***@s1.internal:26379,s2.internal:26379,10.0.0.3:26380/2#orders");
    }

    @Test
    void aPasswordAloneNoDatabaseAndTls() {
        SentinelUrl url = SentinelUrl.parse("rediss-sentinel://secret@127.0.0.1:26379#mymaster");

        assertThat(url.sentinels()).isEqualTo(List.of(new HostAndPort("127.0.0.1", 26379)));
        assertThat(url.username()).isNull();
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.db()).isNull();
        assertThat(url.tls()).isTrue();
        assertThat(RedisConnections.redacted("rediss-sentinel://secret@127.0.0.1:26379#mymaster")).doesNotContain("secret");
        assertThat(RedisConnections.database("rediss-sentinel://secret@127.0.0.1:26379#mymaster", 2)).isEqualTo(2);
        assertThat(RedisConnections.database("redis-sentinel://127.0.0.1/0#mymaster", 2)).isZero();
    }

    @Test
    void mistakesGetAClearError() {
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://127.0.0.1:26379")).hasMessageContaining("names its master after '#'");
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://#mymaster")).hasMessageContaining("at least one sentinel");
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://h:port#m")).hasMessageContaining("bad sentinel port");
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://h/two#m")).hasMessageContaining("must be a number");
    }
}
