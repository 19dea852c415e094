package io.github.redispush.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisCluster;

/** The replicated cluster the failover test runs on really is one: it forms, spreads keys, and survives a master kill. */
class ReplicatedTestClusterTest {

    private ReplicatedTestCluster cluster;

    @BeforeEach
    void start() {
        cluster = new ReplicatedTestCluster(1000).start();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKeyConfirmedOnTheReplicaSurvivesItsMasterBeingKilled() {
        // one connection per node: WAIT covers the writes made on the same connection only
        GenericObjectPoolConfig<Connection> onePerNode = new GenericObjectPoolConfig<>();
        onePerNode.setMaxTotal(1);
        try (JedisCluster client = new JedisCluster(cluster.nodes(), DefaultJedisClientConfig.builder().socketTimeoutMillis(2000).build(),
                10, Duration.ofSeconds(30), onePerNode)) {
            client.set("rabbit_push_u1_100001", "before the kill");
            assertThat(client.waitReplicas("rabbit_push_u1_100001", 1, 5000)).as("the replica has the write").isEqualTo(1);
            // keys land on every master
            assertThat(java.util.stream.IntStream.range(0, 30).mapToObj(i -> cluster.masterPortOf("rabbit_push_u" + i + "_1"))
                    .distinct().count()).isEqualTo(3);

            int master = cluster.masterPortOf("rabbit_push_u1_100001");
            int replica = cluster.replicaPortOf(master);
            assertThat(ReplicatedTestCluster.isMaster(replica)).isFalse();
            cluster.killMaster(master);
            cluster.waitForPromotion(replica);

            assertThat(cluster.masterPortOf("rabbit_push_u1_100001")).as("the replica owns the slot now").isEqualTo(replica);
            // the cluster client finds the new owner by itself (MOVED / a refreshed slot map)
            assertThat(client.get("rabbit_push_u1_100001")).isEqualTo("before the kill");
            client.set("rabbit_push_u1_100002", "after the kill");
            assertThat(client.get("rabbit_push_u1_100002")).isEqualTo("after the kill");
        }
    }
}
