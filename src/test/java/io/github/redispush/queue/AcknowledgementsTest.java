package io.github.redispush.queue;

import io.github.redispush.PushExchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.redispush.config.PushSettings;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Deliverers acknowledging at the same time, against a real Redis: once every one of them has returned, every push
 * is acknowledged (value deleted, claim and lease gone), several in one script call when they finish together (the
 * figure is printed, not asserted: it depends on timing); a lone acknowledgement is written before its call returns.
 */
class AcknowledgementsTest {

    private static final int DELIVERERS = 8;

    private static TestRedis redis;
    private static JedisConnectionFactory connections;
    private static CamelContext context;

    @BeforeAll
    static void start() {
        redis = new TestRedis().start();
        connections = RedisConnections.connectionFactory(redis.url(), TestRedis.DB, java.time.Duration.ofSeconds(2), DELIVERERS + 2);
        context = new DefaultCamelContext();
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        redis.stop();
    }

    @Test
    void deliverersFinishingTogetherLeaveNothingUnacknowledged() throws Exception {
        redis.flushAll();
        PushQueueStore store = store();
        int pushes = 2000;
        List<String> keys = redis.phpProducerWrites(pushes, "ack");
        List<PushQueueStore.Claimed> claimed = new ArrayList<>();
        while (claimed.size() < pushes) {
            claimed.addAll(store.claim("test:" + claimed.size(), 100));
        }
        Acknowledgements acknowledgements = new Acknowledgements(store, DELIVERERS, true);
        ExecutorService deliverers = Executors.newFixedThreadPool(DELIVERERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int d = 0; d < DELIVERERS; d++) {
            int first = d;
            done.add(deliverers.submit(() -> {
                go.await();
                for (int i = first; i < pushes; i += DELIVERERS) {
                    acknowledgements.acknowledge(delivered(claimed.get(i)));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> deliverer : done) {
            deliverer.get(60, TimeUnit.SECONDS);
        }
        deliverers.shutdown();

        try (var jedis = redis.client()) {
            String scriptCalls = jedis.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_evalsha"))
                    .findFirst().orElse("");
            System.out.printf("ACK-FIGURES pushes=%d, deliverers=%d, script calls (claims included) %s%n", pushes, DELIVERERS, scriptCalls);
        }
        assertThat(redis.get(keys.get(0))).isNull();
        assertThat(redis.get(keys.get(pushes - 1))).isNull();
        assertThat(redis.length("temp_queue")).isZero();
        assertThat(redis.dbSize()).as("only the stats hash and the delivery history are left").isEqualTo(2);
        assertThat(redis.stat("delivered")).isEqualTo(Integer.toString(pushes));
        try (var jedis = redis.client()) {
            assertThat(jedis.xlen("temp_queue:history")).as("one history entry per push, written with its acknowledgement").isEqualTo(pushes);
        }
    }

    @Test
    void aLoneAcknowledgementIsWrittenBeforeItsCallReturns() {
        redis.flushAll();
        PushQueueStore store = store();
        String key = redis.phpProducerWrites(1, "lone").get(0);
        PushQueueStore.Claimed claim = store.claim("lone", 1).get(0);

        new Acknowledgements(store, DELIVERERS).acknowledge(delivered(claim));

        assertThat(redis.get(key)).isNull();
        assertThat(redis.length("temp_queue")).isZero();
        assertThat(redis.dbSize()).as("only the stats hash and the delivery history are left").isEqualTo(2);
    }

    private static PushQueueStore store() {
        return PushQueueStore.of(RedisConnections.template(connections), PushSettings.from(Map.of("push.redis.url", redis.url(), "push.history.enabled", "true")::get));
    }

    private static Exchange delivered(PushQueueStore.Claimed claim) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(PushExchange.PUSH_KEY, new String(claim.key(), java.nio.charset.StandardCharsets.UTF_8));
        exchange.setProperty(PushExchange.CLAIM_TOKEN, claim.token());
        return exchange;
    }
}
