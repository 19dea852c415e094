package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.redispush.support.ReplicatedTestCluster;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * A Redis Cluster (three masters, a replica each) loses one master to SIGKILL while a backlog drains and a producer
 * keeps writing; the master's replica takes over its slots and the pipeline carries on by itself. Nothing is lost;
 * duplicates are bounded by the claims in flight at the kill.
 *
 * <p>Two masters matter differently. The one that owns {@code push_queue}'s slot also holds all the worker's
 * bookkeeping (the {@code {push_queue}} hash tag: temp queue, leases, stats): killing it stops every claim and
 * acknowledgement until the replica takes over. Any other master holds only message keys: claims go on, and the
 * pushes whose values lived there wait for the promotion. While a slot has no master, the whole cluster answers
 * CLUSTERDOWN ({@code cluster-require-full-coverage yes}, the default), which the routes must ride out as Redis
 * being unavailable.
 *
 * <p>The producer writes the PHP way through a cluster client (SET the value, then LPUSH the key: two commands,
 * two slots) and confirms each on the node that took it with WAIT 1, as any producer must for a write to survive
 * an asynchronous-replication failover: a write Redis itself loses is not the pipeline's to deliver.
 */
// side by side (failsafe's JUnit settings in pom.xml): each test has its own cluster, receiver and jar on free
// ports, and most of a test is waiting for the failover and the slow receiver; the figures it prints are slower for it
@Execution(ExecutionMode.CONCURRENT)
class ClusterFailoverIT {

    /** A backlog still draining through the failover; -Dfaults.full-size=true: the counts docs/reliability.md quotes. */
    private static final int BACKLOG = FaultTestSupport.messages(1500, 3000);
    private static final int PRODUCED_MEANWHILE = FaultTestSupport.messages(750, 1500);
    /**
     * The producer stops there even if it has not written them all (a loaded machine, where each confirmed write can
     * take 80 ms): every case stays bounded. The kill comes a few seconds after it starts writing, the promotion 2 to
     * 3 s later, so 20 s is still writing through the failover.
     */
    private static final Duration PRODUCER_LIMIT = Duration.ofSeconds(FaultTestSupport.FULL_SIZE ? 45 : 20);
    private static final int CONCURRENCY = 8;
    /** The cluster layout's bookkeeping keys, under push_queue's hash tag (docs/sentinel-and-cluster.md). */
    private static final String TEMP_QUEUE = "{push_queue}:temp_queue";
    private static final String STATS = TEMP_QUEUE + ":stats";
    private static final String DEAD_LETTERS = "{push_queue}:push_dead_letter";

    private ReplicatedTestCluster cluster;
    private WireMockServer receiver;

    @BeforeEach
    void start() {
        cluster = new ReplicatedTestCluster(1000).start();
        receiver = FaultTestSupport.slowReceiver(20);
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The hard case: the master of push_queue's slot, so of every claim, lease and acknowledgement. "First delivery"
     * is the first acknowledgement counted on the promoted replica (the stats hash going up).
     */
    @Test
    void theBookkeepingMasterIsKilledAndItsReplicaTakesOver() throws Exception {
        int master = cluster.masterPortOf("push_queue");
        drainThrough("cluster-bookkeeping-master-kill", master, ClusterFailoverIT::delivered);
    }

    /**
     * A master that owns only message keys: the pushes whose values it held wait for its replica. "First delivery"
     * is the first message key deleted through the promoted replica (a DEL comes right after the push went out).
     */
    @Test
    void aMessageKeyMasterIsKilledAndItsReplicaTakesOver() throws Exception {
        int master = cluster.mastersOwningNoneOf("push_queue").get(0);
        drainThrough("cluster-message-master-kill", master, ClusterFailoverIT::deletes);
    }

    /**
     * @param progressOnNewMaster a count on the promoted replica that goes up with each delivery made through it
     */
    private void drainThrough(String name, int victim, ToLongFunction<Integer> progressOnNewMaster) throws Exception {
        int replica = cluster.replicaPortOf(victim);
        String holds = victim == cluster.masterPortOf("push_queue") ? "push_queue's master" : "message keys only";
        List<String> sent = new CopyOnWriteArrayList<>();
        try (JedisCluster client = producerClient()) {
            for (int i = 0; i < BACKLOG; i++) {
                String key = "rabbit_push_b" + i + "_" + (100000 + i);
                client.set(key, "backlog " + i);
                client.lpush("push_queue", key);
                sent.add(key);
            }
            // every node's replica has caught up with everything written so far
            cluster.waitUntilHealthy();
            for (int master : cluster.masterPorts()) {
                try (Jedis node = ReplicatedTestCluster.client(master)) {
                    assertThat(node.waitReplicas(1, 5000)).as("the backlog reached the replica of " + master).isEqualTo(1);
                }
            }
            long onVictim = cluster.keysOn(victim, sent).size();
            assertThat(onVictim).as("message keys on the master to be killed").isGreaterThan(BACKLOG / 6);
        }

        Map<String, String> properties = new HashMap<>();
        properties.put("push.redis.url", cluster.url());
        properties.put("push.redis.layout", "cluster");
        properties.put("push.redis.db", "0");
        properties.put("push.url", "http://127.0.0.1:" + receiver.port() + "/push");
        properties.put("push.delivery.concurrency", Integer.toString(CONCURRENCY));
        properties.put("push.delivery.log-level", "DEBUG");
        properties.put("push.lease.timeout-ms", "3000");
        properties.put("push.lease.renew-interval-ms", "1000");
        properties.put("push.redeliver.interval-ms", "250");
        properties.put("push.retry.initial-delay-ms", "100");
        properties.put("push.redis.timeout-ms", "3000");

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong rewrites = new AtomicLong();
        try (AppInstance app = new AppInstance(name, properties); JedisCluster producerClient = producerClient()) {
            app.start();
            Thread producer = new Thread(() -> produce(producerClient, sent, producing, rewrites), "php-producer");
            producer.start();
            within(Duration.ofSeconds(60)).until(() -> DeliveryLedger.of(receiver).delivered(sent) >= BACKLOG / 4);

            Set<String> onVictim = cluster.keysOn(victim, sent);
            long killedAtWall = System.currentTimeMillis();
            long killedAt = System.nanoTime();
            cluster.killMaster(victim);
            long promotedAt = 0;
            long clusterOkAt = 0;
            long progressAtPromotion = 0;
            long firstDeliveryAt = 0;
            long deadline = killedAt + Duration.ofSeconds(60).toNanos();
            // poll the replica: when it becomes master, when the cluster is whole again, when a delivery goes through it
            while ((firstDeliveryAt == 0 || clusterOkAt == 0) && System.nanoTime() < deadline) {
                if (promotedAt == 0) {
                    if (ReplicatedTestCluster.isMaster(replica)) {
                        promotedAt = System.nanoTime();
                        progressAtPromotion = progressOnNewMaster.applyAsLong(replica);
                    }
                } else {
                    if (clusterOkAt == 0 && cluster.liveNodesSayOk()) {
                        clusterOkAt = System.nanoTime();
                    }
                    if (firstDeliveryAt == 0 && progressOnNewMaster.applyAsLong(replica) > progressAtPromotion) {
                        firstDeliveryAt = System.nanoTime();
                    }
                }
                Thread.sleep(20);
            }
            assertThat(promotedAt).as("the replica of the killed master was promoted").isPositive();
            assertThat(clusterOkAt).as("every live node says cluster_state:ok again").isPositive();
            assertThat(firstDeliveryAt).as("a delivery went through the promoted replica").isPositive();

            producer.join(Duration.ofSeconds(120).toMillis());
            assertThat(producer.isAlive()).as("the producer finished").isFalse();
            producing.set(false);
            within(Duration.ofSeconds(120)).until(() -> drained(producerClient));
            // an outage, when the routes saw one, is logged when it starts and when it ends
            within(Duration.ofSeconds(10)).until(() -> app.count("Redis is back") == app.count("Redis unavailable"));
            assertThat(app.isAlive()).isTrue();

            DeliveryLedger ledger = DeliveryLedger.of(receiver);
            System.out.println("deliveries per second from the kill of " + name + " (all / of keys on the killed master): "
                    + timeline(killedAtWall, onVictim));
            System.out.println(ledger.figures(name, sent, String.format(
                    "master-kills=1 (kill -9, %s), keys-on-killed-master=%d, promoted-after=%d ms, cluster-ok-after=%d ms, "
                            + "first-delivery-through-new-master-after=%d ms, producer-rewrites=%d, redis-unavailable-logged=%d, "
                            + "clusterdown-errors-seen=%d",
                    holds,
                    cluster.keysOn(replica, sent).size(),
                    (promotedAt - killedAt) / 1_000_000, (clusterOkAt - killedAt) / 1_000_000,
                    (firstDeliveryAt - killedAt) / 1_000_000, rewrites.get(), app.count("Redis unavailable"), app.count("CLUSTERDOWN"))));
            assertThat(ledger.lost(sent)).as("lost, among them " + sent.stream().filter(k -> ledger.delivered(List.of(k)) == 0).limit(10)
                    .map(k -> k + " (value " + (producerClient.exists(k) ? "still there" : "gone") + ")").toList()).isZero();
            // in flight at the kill, whose DEL or release failed (master gone, CLUSTERDOWN) and which went out again when
            // their lease ran out: the deliverers, their queue, one claimed batch, acknowledgements awaiting their group commit
            long bound = 4L * CONCURRENCY;
            System.out.println("duplicates bound for " + name + ": " + bound);
            assertThat(ledger.duplicated()).isLessThanOrEqualTo(bound);
            assertThat(sent.stream().filter(k -> producerClient.get(k) != null)).as("no value left behind").isEmpty();
            assertThat(producerClient.llen(DEAD_LETTERS)).as("nothing dead-lettered").isZero();
        } finally {
            producing.set(false);
        }
    }

    /** Deliveries the receiver took in each second from 2 s before the kill to 20 s after: "all/of those keys". */
    private String timeline(long killedAtWall, Set<String> keys) {
        int[] all = new int[22];
        int[] ofKeys = new int[22];
        ObjectMapper json = new ObjectMapper();
        for (var event : receiver.getAllServeEvents()) {
            int second = (int) Math.floorDiv(event.getRequest().getLoggedDate().getTime() - killedAtWall, 1000L) + 2;
            if (second >= 0 && second < all.length) {
                all[second]++;
                try {
                    if (keys.contains(json.readTree(event.getRequest().getBodyAsString()).get("key").asText())) {
                        ofKeys[second]++;
                    }
                } catch (Exception notOurs) {
                    // counted in all only
                }
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            line.append(i - 2).append("s:").append(all[i]).append('/').append(ofKeys[i]).append(' ');
        }
        return line.toString().trim();
    }

    /**
     * The producer's cluster client. One connection per node: WAIT counts the replication of the writes made on its
     * own connection, so the SET and its WAIT must share one.
     */
    private JedisCluster producerClient() {
        GenericObjectPoolConfig<Connection> onePerNode = new GenericObjectPoolConfig<>();
        onePerNode.setMaxTotal(1);
        return new JedisCluster(cluster.nodes(), DefaultJedisClientConfig.builder().socketTimeoutMillis(2000).build(), 5,
                Duration.ofSeconds(10), onePerNode);
    }

    /**
     * The PHP producer, writing on through the failover: the value, then the key on push_queue, each confirmed on a
     * replica of the node that took it (a promoted replica has none left: its write is all there is).
     */
    private void produce(JedisCluster client, List<String> sent, AtomicBoolean producing, AtomicLong rewrites) {
        long deadline = System.nanoTime() + PRODUCER_LIMIT.toNanos();
        for (int i = 0; i < PRODUCED_MEANWHILE && producing.get() && System.nanoTime() < deadline; i++) {
            String key = "rabbit_push_p" + i + "_" + (100000 + i);
            String value = "produced " + i;
            // a key counts as sent once both writes are confirmed: one the producer gave up on (its time ran out
            // mid-write) is a failed write the producer knows of, not a push the pipeline was given
            if (confirm(() -> client.set(key, value), client, key, producing, deadline, rewrites)
                    && confirm(() -> client.lpush("push_queue", key), client, "push_queue", producing, deadline, rewrites)) {
                sent.add(key);
            }
            sleep(5);
        }
    }

    private boolean confirm(Runnable write, JedisCluster client, String key, AtomicBoolean producing, long deadline, AtomicLong rewrites) {
        while (producing.get() && System.nanoTime() < deadline) {
            try {
                write.run();
                if (client.waitReplicas(key, 1, 1000) >= 1 || !hasReplica(cluster.masterPortOf(key))) {
                    return true;
                }
            } catch (RuntimeException failedOver) {
                // connection refused or CLUSTERDOWN: the producer tries again, as a PHP producer's retry would
            }
            rewrites.incrementAndGet();
            sleep(100);
        }
        return false;
    }

    private static boolean hasReplica(int master) {
        try (Jedis node = ReplicatedTestCluster.client(master)) {
            return !node.info("replication").contains("connected_slaves:0");
        }
    }

    /** Acknowledgements counted on this node (when it holds push_queue's slot). */
    private static long delivered(int port) {
        try (Jedis node = ReplicatedTestCluster.client(port)) {
            String delivered = node.hget(STATS, "delivered");
            return delivered == null ? 0 : Long.parseLong(delivered);
        }
    }

    /** DEL and UNLINK calls this node has executed, replicated ones included (they stop once it is a master). */
    private static long deletes(int port) {
        try (Jedis node = ReplicatedTestCluster.client(port)) {
            long calls = 0;
            for (String line : node.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_del:") || line.startsWith("cmdstat_unlink:")) {
                    String count = line.substring(line.indexOf("calls=") + 6);
                    calls += Long.parseLong(count.substring(0, count.indexOf(',')));
                }
            }
            return calls;
        }
    }

    private static boolean drained(JedisCluster client) {
        return client.llen("push_queue") == 0 && client.llen(TEMP_QUEUE) == 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static org.awaitility.core.ConditionFactory within(Duration limit) {
        return Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(200));
    }
}
