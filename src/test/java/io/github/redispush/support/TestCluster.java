package io.github.redispush.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster of three masters (no replicas), all redis-server processes from the embedded-redis binary on
 * free loopback ports, joined with CLUSTER MEET and given a third of the 16384 slots each with CLUSTER ADDSLOTS (the
 * binary has no redis-cli). embedded-redis's own RedisShardedCluster does the same through Jedis 3, which this
 * project does not have (it uses Jedis 6), so the few commands are sent here.
 */
public final class TestCluster implements AutoCloseable {

    public static final int SLOTS = 16384;

    private final List<Integer> ports = List.of(ClusterPorts.next(), ClusterPorts.next(), ClusterPorts.next());
    private final List<RedisServer> masters = new ArrayList<>();

    public TestCluster() {
        try {
            Path dir = Files.createTempDirectory("redis-push-cluster");
            for (int port : ports) {
                masters.add(RedisServer.newRedisServer().bind("127.0.0.1").port(port).onShutdownForceStop(true)
                        .setting("save \"\"").setting("appendonly no")
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file " + dir.resolve("nodes-" + port + ".conf"))
                        .setting("cluster-node-timeout 5000")
                        .build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the three masters, joins them, splits the slots, and waits until every node says cluster_state:ok. */
    public TestCluster start() {
        try {
            for (RedisServer master : masters) {
                master.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Jedis first = node(0)) {
            for (int i = 1; i < ports.size(); i++) {
                first.clusterMeet("127.0.0.1", ports.get(i));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            try (Jedis node = node(i)) {
                node.clusterAddSlots(IntStream.range(firstSlot(i), firstSlot(i + 1)).toArray());
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int i = 0; i < ports.size(); i++) {
                try (Jedis node = node(i)) {
                    if (!node.clusterInfo().contains("cluster_state:ok") || node.clusterNodes().lines().count() < ports.size()) {
                        return false;
                    }
                }
            }
            return true;
        });
        return this;
    }

    private int firstSlot(int master) {
        return master * SLOTS / ports.size();
    }

    /** The pipeline's URL: every master. */
    public String url() {
        return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return ports;
    }

    /** Which of the three masters (0, 1, 2) holds this key's slot. */
    public int masterOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        for (int i = ports.size() - 1; i >= 0; i--) {
            if (slot >= firstSlot(i)) {
                return i;
            }
        }
        throw new IllegalStateException("slot " + slot);
    }

    /** A plain connection to one master; close it after use. */
    public Jedis node(int master) {
        return new Jedis("127.0.0.1", ports.get(master));
    }

    /** A cluster client, as a PHP producer with a cluster-aware library would use; close it after use. */
    public JedisCluster client() {
        Set<HostAndPort> nodes = ports.stream().map(p -> new HostAndPort("127.0.0.1", p)).collect(Collectors.toSet());
        return new JedisCluster(nodes);
    }

    /** Empties every master (FLUSHALL is per node on a cluster). */
    public void flushAll() {
        for (int i = 0; i < ports.size(); i++) {
            try (Jedis node = node(i)) {
                node.flushAll();
            }
        }
    }

    /** Releases the workers blocked in BRPOPLPUSH on any master ({@link IdleWorkers}). */
    public void unblockBlockingPops() {
        for (int i = 0; i < ports.size(); i++) {
            try (Jedis node = node(i)) {
                IdleWorkers.unblockBlockingPops(node);
            }
        }
    }

    @Override
    public void close() {
        for (RedisServer master : masters) {
            try {
                master.stop();
            } catch (IOException ignored) {
                // best effort: the JVM's hook stops it too
            }
        }
    }
}
