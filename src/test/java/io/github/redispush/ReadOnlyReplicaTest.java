package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.redis.RedisOutage;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.PipelineTestSupport;
import io.github.redispush.support.TestSentinelGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * A failover's middle state, held still: the pipeline talks to a server that has become a replica, and every write
 * answers READONLY. That is Redis being unavailable (the outage is logged, the routes keep polling, nothing is
 * dead-lettered or counted against a key), and once the server is a master again everything is delivered.
 */
class ReadOnlyReplicaTest extends PipelineTestSupport {

    private static final int REPLICA_PORT = EmbeddedRedis.freePort();
    private static RedisServer replica;

    @BeforeAll
    static void startAReplicaOfTheTestRedis() throws IOException {
        replica = RedisServer.newRedisServer().bind("127.0.0.1").port(REPLICA_PORT).onShutdownForceStop(true)
                .setting("save \"\"").setting("appendonly no").setting("replicaof 127.0.0.1 " + redis.port()).build();
        replica.start();
    }

    @AfterAll
    static void stopTheReplica() throws IOException {
        replica.stop();
    }

    @Override
    protected void unblockBlockingPops() {
        try (Jedis replicaClient = new Jedis("127.0.0.1", REPLICA_PORT)) {
            IdleWorkers.unblockBlockingPops(replicaClient);
        }
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.redis.url", "redis://127.0.0.1:" + REPLICA_PORT);
        return p;
    }

    @Test
    void readOnlyIsAnOutageNotAFailedMessage() throws Exception {
        List<String> keys = redis.phpProducerWrites(50, "ro");
        try (Jedis master = new Jedis("127.0.0.1", redis.port())) {
            assertThat(master.waitReplicas(1, 5000)).isEqualTo(1);
        }
        RedisOutage outage = context.getRegistry().lookupByNameAndType("push.redisOutage", RedisOutage.class);
        eventually().until(outage::isDown);
        eventually().until(() -> outage.failures() >= 5);
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));

        try (Jedis promoted = new Jedis("127.0.0.1", REPLICA_PORT)) {
            promoted.replicaofNoOne();
        }

        eventually().until(() -> !outage.isDown());
        try (Jedis promoted = TestSentinelGroup.client(REPLICA_PORT)) {
            eventually().until(() -> keys.stream().noneMatch(k -> promoted.get(k) != null));
            assertThat(promoted.llen("push_dead_letter")).as("nothing dead-lettered").isZero();
            assertThat(promoted.hget("temp_queue:attempts", keys.get(0))).as("no attempt spent").isNull();
        }
        receiver.verify(keys.size(), postRequestedFor(urlEqualTo("/push")));
    }
}
