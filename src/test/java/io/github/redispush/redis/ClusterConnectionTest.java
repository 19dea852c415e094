package io.github.redispush.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * ClusterConnectionFactory builds its own JedisCluster (to shorten Jedis's retry loop): the URL's password must
 * still reach every node. A one-node cluster with requirepass, serving all 16,384 slots, is enough to show it.
 */
class ClusterConnectionTest {

    private static final String PASSWORD = "cluster-secret";

    private final int port = EmbeddedRedis.freePort();
    private Path configDir;
    private RedisServer node;

    @BeforeEach
    void start() throws IOException {
        configDir = Files.createTempDirectory("redis-push-cluster-auth");
        node = RedisServer.newRedisServer().bind("127.0.0.1").port(port).onShutdownForceStop(true)
                .setting("save \"\"").setting("appendonly no").setting("cluster-enabled yes")
                .setting("cluster-config-file " + configDir.resolve("nodes.conf")).setting("requirepass " + PASSWORD).build();
        node.start();
        try (Jedis jedis = client()) {
            jedis.clusterAddSlots(java.util.stream.IntStream.range(0, 16384).toArray());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!clusterOk() && System.nanoTime() < deadline) {
            sleep();
        }
        assertThat(clusterOk()).as("the one-node cluster is ok").isTrue();
    }

    @AfterEach
    void stop() throws IOException {
        node.stop();
        try (var files = Files.list(configDir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(configDir);
    }

    @Test
    void theUrlsPasswordReachesTheNodes() {
        String url = "redis-cluster://:" + PASSWORD + "@127.0.0.1:" + port;
        var factory = RedisConnections.connectionFactory(url, 0, Duration.ofSeconds(2), 2);
        try {
            assertThat(factory).isInstanceOf(ClusterConnectionFactory.class);
            RedisConnections.checkCredentials(factory, url);
            StringRedisTemplate template = RedisConnections.template(factory);
            template.opsForValue().set("rabbit_push_1_123456", "hello");
            template.opsForList().leftPush("push_queue", "rabbit_push_1_123456");
        } finally {
            factory.destroy();
        }
        try (Jedis jedis = client()) {
            assertThat(jedis.get("rabbit_push_1_123456")).isEqualTo("hello");
            assertThat(jedis.lrange("push_queue", 0, -1)).containsExactly("rabbit_push_1_123456");
        }
    }

    private Jedis client() {
        Jedis jedis = new Jedis("127.0.0.1", port);
        jedis.auth(PASSWORD);
        return jedis;
    }

    private boolean clusterOk() {
        try (Jedis jedis = client()) {
            return jedis.clusterInfo().contains("cluster_state:ok");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
