package io.github.redispush.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.github.redispush.redis.SentinelUrl.HostAndPort;
import org.junit.jupiter.api.Test;

class ClusterUrlTest {

    @Test
    void nodesCredentialsAndTls() {
        ClusterUrl url = ClusterUrl.parse("rediss-cluster://app:s%40cret@n1.internal:7000,n2.internal,10.0.0.3:7002");

        assertThat(url.nodes()).containsExactly(new HostAndPort("n1.internal", 7000), new HostAndPort("n2.internal", 6379),
                new HostAndPort("10.0.0.3", 7002));
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.tls()).isTrue();
        assertThat(url.redacted()).isEqualTo("rediss-cluster://app:***@n1.internal:7000,n2.internal:6379,10.0.0.3:7002");
        assertThat(RedisConnections.redacted("rediss-cluster://app:s%40cret@n1.internal:7000")).doesNotContain("cret");
    }

    @Test
    void passwordOnlyAndNoCredentials() {
        assertThat(ClusterUrl.parse("redis-cluster://:secret@h:1").username()).isNull();
        assertThat(ClusterUrl.parse("redis-cluster://:secret@h:1").password()).isEqualTo("secret");
        ClusterUrl plain = ClusterUrl.parse(" redis-cluster://h1:1,h2:2/ ");
        assertThat(plain.nodes()).isEqualTo(List.of(new HostAndPort("h1", 1), new HostAndPort("h2", 2)));
        assertThat(plain.password()).isNull();
        assertThat(plain.tls()).isFalse();
        assertThat(RedisConnections.database("redis-cluster://h1:1", 2)).as("a cluster has only db 0").isZero();
    }

    @Test
    void refusesWhatAClusterCannotHave() {
        assertThatThrownBy(() -> ClusterUrl.parse("redis-cluster://h:1/2")).hasMessageContaining("only database 0");
        assertThatThrownBy(() -> ClusterUrl.parse("redis-cluster://h:1#master")).hasMessageContaining("only database 0");
        assertThatThrownBy(() -> ClusterUrl.parse("redis-cluster://")).hasMessageContaining("at least one cluster node host");
        assertThatThrownBy(() -> ClusterUrl.parse("redis-cluster://h:port")).hasMessageContaining("bad cluster node port");
    }
}
