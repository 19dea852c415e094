package io.github.redispush.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster of three masters with one replica each: six real {@code redis-server} processes from the
 * embedded-redis binary on free loopback ports, with a short {@code cluster-node-timeout} so that a killed master's
 * replica takes over within a few seconds. A master can be killed with SIGKILL ({@link #killMaster(int)}), as a
 * crashed host would be.
 *
 * <p>Built here rather than with embedded-redis's {@code RedisShardedCluster}: that one links the nodes with the
 * Jedis 3.8 API it was compiled against (this project runs Jedis 6), and gives no way to kill one node or ask which
 * node owns a slot. The binary has no redis-cli, so the cluster is formed by hand, as redis-cli would: ADDSLOTS on
 * each master, CLUSTER MEET, then CLUSTER REPLICATE on each replica.
 */
public final class ReplicatedTestCluster implements AutoCloseable {

    private static final int SLOTS = 16384;
    private static final Duration FORM_WAIT = Duration.ofSeconds(60);

    private final long nodeTimeoutMillis;
    private final Path configDir;
    private final List<Integer> masterPorts = new ArrayList<>();
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final Map<Integer, RedisServer> servers = new LinkedHashMap<>();

    /** @param nodeTimeoutMillis cluster-node-timeout: how long a silent master is waited for before its replica takes over */
    public ReplicatedTestCluster(long nodeTimeoutMillis) {
        this.nodeTimeoutMillis = nodeTimeoutMillis;
        try {
            configDir = Files.createTempDirectory("redis-push-cluster");
            for (int i = 0; i < 3; i++) {
                masterPorts.add(ClusterPorts.next());
                replicaPorts.add(ClusterPorts.next());
            }
            for (int port : allPorts()) {
                // onShutdownForceStop: stop() is a SIGKILL, no shutdown save, no goodbye to the replica
                servers.put(port, RedisServer.newRedisServer().bind("127.0.0.1").port(port).onShutdownForceStop(true)
                        .setting("save \"\"").setting("appendonly no")
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file " + configDir.resolve("nodes-" + port + ".conf"))
                        .setting("cluster-node-timeout " + nodeTimeoutMillis)
                        // a replica may take over however long it lost touch with its master (the test decides when)
                        .setting("cluster-replica-validity-factor 0")
                        .build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the six processes, forms the cluster and waits until it is ok and every replica is in sync. */
    public ReplicatedTestCluster start() {
        try {
            form();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void form() {
        try {
            for (RedisServer server : servers.values()) {
                server.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < masterPorts.size(); i++) {
            try (Jedis master = client(masterPorts.get(i))) {
                // ADDSLOTSRANGE is Redis 7; the binary is 6.2
                master.clusterAddSlots(java.util.stream.IntStream.range(i * SLOTS / 3, (i + 1) * SLOTS / 3).toArray());
            }
        }
        try (Jedis first = client(masterPorts.get(0))) {
            for (int port : allPorts()) {
                first.clusterMeet("127.0.0.1", port);
            }
        }
        // a replica can only follow a master it already knows
        waitUntil("every node knows all six", () -> allPorts().stream().allMatch(p -> knownNodes(p) == 6));
        for (int i = 0; i < replicaPorts.size(); i++) {
            String masterId = nodeId(masterPorts.get(i));
            try (Jedis replica = client(replicaPorts.get(i))) {
                replica.clusterReplicate(masterId);
            }
        }
        // until CLUSTER REPLICATE has taken effect a replica still says role:master, which healthy() would accept
        waitUntil("every replica follows its master", () -> replicaPorts.stream().noneMatch(ReplicatedTestCluster::isMaster));
        waitUntilHealthy();
    }

    /** Waits until every live node says cluster_state:ok and every live replica is in sync with its master. */
    public void waitUntilHealthy() {
        waitUntil("the cluster is ok and every replica in sync", () -> livePorts().stream().allMatch(this::healthy));
    }

    private boolean healthy(int port) {
        try (Jedis node = client(port)) {
            if (!node.clusterInfo().contains("cluster_state:ok")) {
                return false;
            }
            String replication = node.info("replication");
            if (replication.contains("role:slave")) {
                return replication.contains("master_link_status:up") && replication.contains("master_sync_in_progress:0");
            }
            return true;
        }
    }

    /** The seed nodes for a cluster client, or the host list of the pipeline's URL: every master and replica. */
    public Set<HostAndPort> nodes() {
        return allPorts().stream().map(p -> new HostAndPort("127.0.0.1", p)).collect(Collectors.toSet());
    }

    /** The pipeline's URL: every node, in the contract's {@code redis-cluster://host:port,...} form. */
    public String url() {
        return "redis-cluster://" + allPorts().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public List<Integer> masterPorts() {
        return List.copyOf(masterPorts);
    }

    /** The port of the master that owns the key's slot now, as the live nodes see it. */
    public int masterPortOf(String key) {
        int port = slotOwners()[JedisClusterCRC16.getSlot(key)];
        if (port == 0) {
            throw new IllegalStateException("no live master owns the slot of " + key);
        }
        return port;
    }

    /** Which of these keys live on the master on this port now (one look at the slot map for all). */
    public Set<String> keysOn(int masterPort, Collection<String> keys) {
        int[] owners = slotOwners();
        return keys.stream().filter(k -> owners[JedisClusterCRC16.getSlot(k)] == masterPort).collect(Collectors.toSet());
    }

    /** slot → port of the master serving it (0: none), from the first live node that answers CLUSTER NODES. */
    private int[] slotOwners() {
        RuntimeException last = null;
        for (int port : livePorts()) {
            try (Jedis node = client(port)) {
                int[] owners = new int[SLOTS];
                for (String line : node.clusterNodes().split("\n")) {
                    String[] fields = line.trim().split(" ");
                    if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
                        continue;
                    }
                    int owner = portOf(fields[1]);
                    for (int i = 8; i < fields.length; i++) {
                        markOwned(fields[i], owner, owners);
                    }
                }
                return owners;
            } catch (RuntimeException unreachable) {
                last = unreachable;
            }
        }
        throw new IllegalStateException("no live node answers CLUSTER NODES", last);
    }

    /** The replica that follows the master on this port (as the cluster was formed). */
    public int replicaPortOf(int masterPort) {
        return replicaPorts.get(masterPorts.indexOf(masterPort));
    }

    /** The masters that own none of these keys' slots. */
    public List<Integer> mastersOwningNoneOf(String... keys) {
        int[] slotOwners = slotOwners();
        List<Integer> owners = java.util.Arrays.stream(keys).map(k -> slotOwners[JedisClusterCRC16.getSlot(k)]).toList();
        return masterPorts.stream().filter(p -> !owners.contains(p)).toList();
    }

    /** SIGKILL: the master's process is gone at once, no shutdown, no word to its replica. */
    public void killMaster(int port) {
        try {
            servers.get(port).stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the node on this port is a master now (a replica after taking over). */
    public static boolean isMaster(int port) {
        try (Jedis node = client(port)) {
            return node.info("replication").contains("role:master");
        }
    }

    /** True when every node still running says cluster_state:ok (every slot served by a master it can reach). */
    public boolean liveNodesSayOk() {
        return livePorts().stream().allMatch(ReplicatedTestCluster::clusterOk);
    }

    /** True when the node on this port says the cluster is ok (every slot served). */
    public static boolean clusterOk(int port) {
        try (Jedis node = client(port)) {
            return node.clusterInfo().contains("cluster_state:ok");
        }
    }

    /** A plain connection to one node (db 0, the only one a cluster has); close it after use. */
    public static Jedis client(int port) {
        return new Jedis("127.0.0.1", port, 5000);
    }

    public long nodeTimeoutMillis() {
        return nodeTimeoutMillis;
    }

    private List<Integer> allPorts() {
        List<Integer> ports = new ArrayList<>(masterPorts);
        ports.addAll(replicaPorts);
        return ports;
    }

    private List<Integer> livePorts() {
        return servers.entrySet().stream().filter(e -> e.getValue().isActive()).map(Map.Entry::getKey).toList();
    }

    private static int knownNodes(int port) {
        try (Jedis node = client(port)) {
            return (int) java.util.Arrays.stream(node.clusterNodes().split("\n"))
                    .filter(l -> !l.isBlank() && !l.contains("handshake")).count();
        }
    }

    private static String nodeId(int port) {
        try (Jedis node = client(port)) {
            return node.clusterMyId();
        }
    }

    /** A slot field of CLUSTER NODES: "n", "a-b", or a migration marker in brackets (none here). */
    private static void markOwned(String field, int owner, int[] owners) {
        if (field.startsWith("[")) {
            return;
        }
        int dash = field.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? field : field.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(field.substring(dash + 1));
        for (int slot = from; slot <= to; slot++) {
            owners[slot] = owner;
        }
    }

    /** "127.0.0.1:6379@16379" (Redis 6) or "127.0.0.1:6379" → 6379 */
    private static int portOf(String address) {
        String hostPort = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + FORM_WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting until " + what, e);
            }
        }
        throw new IllegalStateException("timed out waiting until " + what, last);
    }

    /** Waits (up to a minute) until the replica of the killed master says it is a master and the cluster is ok again. */
    public void waitForPromotion(int replicaPort) {
        waitUntil("replica " + replicaPort + " is promoted and the cluster ok", () -> isMaster(replicaPort) && liveNodesSayOk());
    }

    @Override
    public void close() {
        for (RedisServer server : servers.values()) {
            try {
                server.stop();
            } catch (IOException ignored) {
                // already killed by the test
            }
        }
        try (var files = Files.list(configDir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(configDir);
        } catch (IOException ignored) {
            // a temp directory: best effort
        }
    }
}
