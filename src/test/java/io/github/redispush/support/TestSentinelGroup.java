package io.github.redispush.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.redispush.redis.EmbeddedRedis;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A master, one replica and three sentinels (quorum 2), all real processes from the embedded-redis binary on free
 * loopback ports. The master can be killed with SIGKILL ({@link #killMaster()}), as a crashed host would be.
 */
public final class TestSentinelGroup implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";

    private final int masterPort = EmbeddedRedis.freePort();
    private final int replicaPort = EmbeddedRedis.freePort();
    private final List<Integer> sentinelPorts = List.of(EmbeddedRedis.freePort(), EmbeddedRedis.freePort(), EmbeddedRedis.freePort());
    private final RedisServer master;
    private final RedisServer replica;
    private final List<RedisSentinel> sentinels = new ArrayList<>();

    public TestSentinelGroup(long downAfterMillis) {
        this(downAfterMillis, null);
    }

    /** @param sentinelPassword the sentinels' own requirepass, or null for none */
    public TestSentinelGroup(long downAfterMillis, String sentinelPassword) {
        try {
            // onShutdownForceStop: stop() is a SIGKILL, no shutdown save, no goodbye to the replica
            master = RedisServer.newRedisServer().bind("127.0.0.1").port(masterPort).onShutdownForceStop(true)
                    .setting("save \"\"").setting("appendonly no").build();
            replica = RedisServer.newRedisServer().bind("127.0.0.1").port(replicaPort).onShutdownForceStop(true)
                    .setting("save \"\"").setting("appendonly no").setting("replicaof 127.0.0.1 " + masterPort).build();
            for (int port : sentinelPorts) {
                sentinels.add(RedisSentinel.newRedisSentinel().bind("127.0.0.1").port(port).onShutdownForceStop(true)
                        .setting("sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2")
                        .setting("sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfterMillis)
                        .setting("sentinel failover-timeout " + MASTER_NAME + " 10000")
                        .setting("sentinel parallel-syncs " + MASTER_NAME + " 1")
                        .settingIf(sentinelPassword != null, "requirepass " + sentinelPassword)
                        .build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestSentinelGroup start() {
        try {
            master.start();
            replica.start();
            for (RedisSentinel sentinel : sentinels) {
                sentinel.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The pipeline's URL: every sentinel, the master's name. */
    public String url() {
        return "redis-sentinel://" + sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")) + "#" + MASTER_NAME;
    }

    /** host:port of each sentinel, the form Jedis's own sentinel pool takes. */
    public Set<HostAndPort> sentinelAddresses() {
        return sentinelPorts.stream().map(p -> new HostAndPort("127.0.0.1", p)).collect(Collectors.toSet());
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    public void killMaster() {
        try {
            master.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A switchover: the sentinels promote the replica and turn the live master into its replica. */
    public void failover() {
        try (Jedis sentinel = new Jedis("127.0.0.1", sentinelPorts.get(0))) {
            sentinel.sentinelFailover(MASTER_NAME);
        }
    }

    /** A connection to one server of the group, on db 2; close it after use. */
    public static Jedis client(int port) {
        Jedis jedis = new Jedis("127.0.0.1", port);
        jedis.select(TestRedis.DB);
        return jedis;
    }

    /** True when the server on this port is a master now (the replica after a failover). */
    public static boolean isMaster(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.info("replication").contains("role:master");
        }
    }

    @Override
    public void close() {
        for (RedisSentinel sentinel : sentinels) {
            try {
                sentinel.stop();
            } catch (IOException ignored) {
                // best effort: the JVM's hook stops it too
            }
        }
        for (RedisServer server : List.of(replica, master)) {
            try {
                server.stop();
            } catch (IOException ignored) {
                // already killed by the test
            }
        }
    }
}
