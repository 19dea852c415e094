package io.github.redispush.redis;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Spring's connection factory for a Redis Cluster, with one change: a command that fails on a dead node gives up
 * after one socket timeout instead of Jedis's default of max-redirects (5) × the socket timeout.
 *
 * <p>Why: when a master is killed, Jedis keeps every command aimed at its slots in its own retry loop, sleeping a
 * random back-off between tries and renewing its slot map only after each sleep. Measured on a real cluster
 * (ClusterFailoverIT, push.redis.timeout-ms 3000): the replica was promoted and the cluster whole again after
 * about 2.5 s, but delivery stayed at zero until 12 to 13 s, every deliverer stuck in that loop for up to 15 s.
 * With the loop cut to one timeout, a command fails (Spring: a DataAccessException, which the routes' redis-unavailable
 * handler rides out, retrying at the next poll) and the next one renews the slot map and finds the new master.
 * A command that succeeds is never cut short: Jedis checks the deadline only after a failed try.
 */
final class ClusterConnectionFactory extends JedisConnectionFactory {

    ClusterConnectionFactory(RedisClusterConfiguration cluster, JedisClientConfiguration client) {
        super(cluster, client);
    }

    @Override
    protected JedisCluster createCluster(RedisClusterConfiguration cluster, GenericObjectPoolConfig<Connection> pool) {
        JedisClientConfiguration client = getClientConfiguration();
        // the same client settings Spring's own createCluster passes (timeouts, credentials, TLS)
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) client.getConnectTimeout().toMillis())
                .socketTimeoutMillis((int) client.getReadTimeout().toMillis())
                .ssl(client.isUseSsl());
        client.getClientName().ifPresent(config::clientName);
        if (cluster.getUsername() != null && !cluster.getUsername().isEmpty()) {
            config.user(cluster.getUsername());
        }
        cluster.getPassword().toOptional().map(String::new).ifPresent(config::password);
        client.getSslSocketFactory().ifPresent(config::sslSocketFactory);
        client.getHostnameVerifier().ifPresent(config::hostnameVerifier);
        client.getSslParameters().ifPresent(config::sslParameters);
        Set<HostAndPort> nodes = cluster.getClusterNodes().stream().map(n -> new HostAndPort(n.getHost(), n.getPort()))
                .collect(Collectors.toSet());
        int attempts = cluster.getMaxRedirects() != null ? cluster.getMaxRedirects() : 5;
        return new JedisCluster(nodes, config.build(), attempts, Duration.ofMillis(client.getReadTimeout().toMillis()), pool);
    }
}
