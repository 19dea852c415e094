package io.github.redispush.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.redispush.support.TestSentinelGroup;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The master is killed with SIGKILL while a backlog drains and a producer keeps writing: the sentinels promote the
 * replica, Jedis follows +switch-master, and the pipeline carries on by itself. Nothing is lost; duplicates are
 * bounded by the claims in flight at the kill (and by acknowledgements the replica had not yet received).
 *
 * <p>The producer confirms each write on the old master with WAIT 1, as any producer must for a write to survive
 * an asynchronous-replication failover: a write Redis itself loses is not the pipeline's to deliver.
 */
// side by side (failsafe's JUnit settings in pom.xml): each test has its own sentinels, Redis pair, receiver and jar
// on free ports, and mostly waits for the failover; the figures it prints are slower for it
@Execution(ExecutionMode.CONCURRENT)
class SentinelFailoverIT {

    /** A backlog still draining through the failover; -Dfaults.full-size=true: the counts docs/reliability.md quotes. */
    private static final int BACKLOG = FaultTestSupport.messages(1500, 3000);
    private static final int PRODUCED_MEANWHILE = FaultTestSupport.messages(750, 1500);
    private static final int CONCURRENCY = 8;

    private TestSentinelGroup group;
    private WireMockServer receiver;

    @BeforeEach
    void start() {
        group = new TestSentinelGroup(1000).start();
        receiver = FaultTestSupport.slowReceiver(20);
    }

    @AfterEach
    void stop() {
        receiver.stop();
        group.close();
    }

    @Test
    void aKilledMasterIsReplacedAndNothingIsLost() throws Exception {
        drainThrough("sentinel-failover", "master-kills=1 (kill -9)", group::killMaster, false);
    }

    /**
     * SENTINEL FAILOVER demotes a live master: until Jedis hears +switch-master, the pooled connections to it answer
     * READONLY, which the routes must treat as Redis being unavailable (retry), not as a failed message.
     */
    @Test
    void aDemotedMasterAnsweringReadOnlyIsRiddenOut() throws Exception {
        drainThrough("sentinel-switchover", "switchovers=1 (SENTINEL FAILOVER)", group::failover, true);
    }

    /**
     * @param oldMasterLivesOn the old master keeps accepting writes until the sentinels demote it, and loses them
     *        when it resyncs: acknowledgements made there in that window come back as duplicates
     */
    private void drainThrough(String name, String fault, Runnable failover, boolean oldMasterLivesOn) throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (Jedis master = TestSentinelGroup.client(group.masterPort())) {
            var pipeline = master.pipelined();
            for (int i = 0; i < BACKLOG; i++) {
                String key = "rabbit_push_b" + i + "_" + (100000 + i);
                pipeline.lpush("push_queue", key);
                pipeline.set(key, "backlog " + i);
                sent.add(key);
            }
            pipeline.sync();
            assertThat(master.waitReplicas(1, 5000)).as("the backlog reached the replica").isEqualTo(1);
        }

        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("push.redis.url", group.url());
        properties.put("push.url", "http://127.0.0.1:" + receiver.port() + "/push");
        properties.put("push.delivery.concurrency", Integer.toString(CONCURRENCY));
        properties.put("push.lease.timeout-ms", "3000");
        properties.put("push.lease.renew-interval-ms", "1000");
        properties.put("push.redeliver.interval-ms", "250");
        properties.put("push.retry.initial-delay-ms", "100");
        properties.put("push.redis.timeout-ms", "3000");

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong unconfirmedRetries = new AtomicLong();
        try (AppInstance app = new AppInstance(name, properties);
                JedisSentinelPool producerPool = new JedisSentinelPool(TestSentinelGroup.MASTER_NAME, group.sentinelAddresses(),
                        DefaultJedisClientConfig.builder().database(2).build(), DefaultJedisClientConfig.builder().build())) {
            app.start();
            Thread producer = new Thread(() -> produce(producerPool, sent, producing, unconfirmedRetries), "php-producer");
            producer.start();
            within(Duration.ofSeconds(60)).until(() -> DeliveryLedger.of(receiver).delivered(sent) >= BACKLOG / 4);

            long killedAt = System.nanoTime();
            long killedAtWall = System.currentTimeMillis();
            failover.run();
            long promotedAt = 0;
            long deliveredAtPromotion = 0;
            long firstDeliveryAt = 0;
            long firstDeliveryAtWall = 0;
            long deadline = killedAt + Duration.ofSeconds(60).toNanos();
            // poll the replica: when it becomes master, and when the first acknowledgement lands on it
            while (firstDeliveryAt == 0 && System.nanoTime() < deadline) {
                try {
                    if (promotedAt == 0 && TestSentinelGroup.isMaster(group.replicaPort())) {
                        deliveredAtPromotion = delivered(group.replicaPort());
                        promotedAt = System.nanoTime();
                    } else if (promotedAt != 0 && delivered(group.replicaPort()) > deliveredAtPromotion) {
                        firstDeliveryAt = System.nanoTime();
                        firstDeliveryAtWall = System.currentTimeMillis();
                    }
                } catch (JedisConnectionException killedBySentinel) {
                    // a promotion ends with CLIENT KILL TYPE normal on the new master, this probe included: poll again
                }
                Thread.sleep(20);
            }
            assertThat(promotedAt).as("the sentinels promoted the replica").isPositive();
            assertThat(firstDeliveryAt).as("a delivery was acknowledged through the new master").isPositive();

            producer.join(Duration.ofSeconds(120).toMillis());
            assertThat(producer.isAlive()).as("the producer finished").isFalse();
            producing.set(false);
            within(Duration.ofSeconds(120)).until(() -> drained(group.replicaPort()));
            // an outage, when the routes saw one, is logged when it starts and when it ends
            within(Duration.ofSeconds(10)).until(() -> app.count("Redis is back") == app.count("Redis unavailable"));
            assertThat(app.isAlive()).isTrue();
            try (Jedis newMaster = TestSentinelGroup.client(group.replicaPort())) {
                assertThat(newMaster.llen("push_dead_letter")).as("nothing dead-lettered").isZero();
            }

            DeliveryLedger ledger = DeliveryLedger.of(receiver);
            long failoverMs = (promotedAt - killedAt) / 1_000_000;
            long firstDeliveryMs = (firstDeliveryAt - killedAt) / 1_000_000;
            System.out.println(ledger.figures(name, sent, String.format(
                    "%s, promoted-after=%d ms, first-delivery-through-new-master-after=%d ms, "
                            + "producer-rewrites=%d, redis-unavailable-logged=%d, readonly-errors-seen=%d",
                    fault, failoverMs, firstDeliveryMs, unconfirmedRetries.get(), app.count("Redis unavailable"), app.count("READONLY"))));
            assertThat(ledger.lost(sent)).isZero();
            // in flight at the kill: the deliverers and their queue; plus acknowledgements the replica had not received
            long bound = 4L * CONCURRENCY;
            if (oldMasterLivesOn) {
                // plus every delivery acknowledged on the old master between the switch and the first one on the new
                long from = killedAtWall;
                long to = firstDeliveryAtWall;
                bound += receiver.getAllServeEvents().stream().map(e -> e.getRequest().getLoggedDate().getTime())
                        .filter(t -> t >= from && t <= to).count();
            }
            System.out.println("duplicates bound for " + name + ": " + bound);
            assertThat(ledger.duplicated()).isLessThanOrEqualTo(bound);
            try (Jedis newMaster = TestSentinelGroup.client(group.replicaPort())) {
                assertThat(sent.stream().filter(k -> newMaster.get(k) != null)).isEmpty();
            }
        } finally {
            producing.set(false);
        }
    }

    /** The PHP producer, writing on through the failover: value and key at once, confirmed on the replica. */
    private static void produce(JedisSentinelPool pool, List<String> sent, AtomicBoolean producing, AtomicLong rewrites) {
        int oldMasterPort = pool.getCurrentHostMaster().getPort();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 0; i < PRODUCED_MEANWHILE && producing.get() && System.nanoTime() < deadline; i++) {
            String key = "rabbit_push_p" + i + "_" + (100000 + i);
            sent.add(key);
            boolean confirmed = false;
            while (!confirmed && producing.get() && System.nanoTime() < deadline) {
                try (Jedis jedis = pool.getResource()) {
                    var transaction = jedis.multi();
                    transaction.set(key, "produced " + i);
                    transaction.lpush("push_queue", key);
                    transaction.exec();
                    // on the old master, only a write a replica has is safe; the new master has no replica left
                    confirmed = !jedis.info("server").contains("tcp_port:" + oldMasterPort + "\r") || jedis.waitReplicas(1, 1000) >= 1;
                } catch (RuntimeException failedOver) {
                    // connection refused or READONLY: the producer tries again, as a PHP producer's retry would
                }
                if (!confirmed) {
                    rewrites.incrementAndGet();
                    sleep(100);
                }
            }
            sleep(5);
        }
    }

    private static long delivered(int port) {
        try (Jedis jedis = TestSentinelGroup.client(port)) {
            String delivered = jedis.hget("temp_queue:stats", "delivered");
            return delivered == null ? 0 : Long.parseLong(delivered);
        }
    }

    private static boolean drained(int port) {
        try (Jedis jedis = TestSentinelGroup.client(port)) {
            return jedis.llen("push_queue") == 0 && jedis.llen("temp_queue") == 0;
        }
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
