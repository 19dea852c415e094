package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * The route adopt-temp-queue-leftovers (adoptLeftovers-8.lua) and the redeliver step's bounded look-up, entry by
 * entry: what a PHP worker left is dropped or adopted, a live claim is never re-queued, and an expired claim too
 * deep in a long temp queue is still delivered once. Scan chunks of 50 so that 500 entries make a "long" queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempQueueLeftoversTest extends PipelineTestSupport {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.redeliver.scan-size", "50");
        return p;
    }

    @Test
    void leftoversWithoutAValueAreDroppedAndOnesWithAValueAreDeliveredOnceAfterALease() {
        try (Jedis jedis = redis.client()) {
            for (int i = 0; i < 500; i++) {
                jedis.lpush("temp_queue", "rabbit_push_old" + i + "_100000");
            }
            jedis.set("rabbit_push_old250_100000", "stranded");
        }
        long start = System.nanoTime();

        eventually().until(() -> redis.length("temp_queue") == 0);
        assertThat(redis.stat("dropped")).isEqualTo("499");
        eventually().until(() -> redis.get("rabbit_push_old250_100000") == null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("adopted, then a whole lease (2 s) before it is re-queued")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(equalToJson("{\"uid\":\"old250\",\"content\":\"stranded\",\"key\":\"rabbit_push_old250_100000\"}")));
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aLiveClaimAtTheTailIsRotatedNotRequeued() throws Exception {
        try (Jedis jedis = redis.client()) {
            // another worker's claim, its lease good for 8 s: it must stay claimed until then. Written in one
            // transaction: a pass between the LPUSH and the lease would rightly adopt it as a leftover (the case of
            // aLiveWorkersKeyAdoptedBetweenItsBlockingPopAndItsLeaseGoesBackUnderItsLease), not the one tested here
            jedis.set("rabbit_push_9_999999", "being sent elsewhere");
            long deadline = Long.parseLong(jedis.time().get(0)) * 1000 + 8000;
            Transaction claim = jedis.multi();
            claim.lpush("temp_queue", "rabbit_push_9_999999");
            claim.zadd("temp_queue:leases", deadline, "rabbit_push_9_999999");
            claim.hset("temp_queue:tokens", "rabbit_push_9_999999", "another-worker");
            claim.exec();
            for (int i = 0; i < 200; i++) {
                jedis.lpush("temp_queue", "rabbit_push_old" + i + "_100000");
            }
        }
        PushQueueStore store = context.getRegistry().lookupByNameAndType("push.pushQueueStore", PushQueueStore.class);

        eventually().until(() -> redis.length("temp_queue") == 1);
        Thread.sleep(3000); // passes go on over the one entry left: it is rotated, never re-queued
        assertThat(redis.list("temp_queue")).containsExactly("rabbit_push_9_999999");
        assertThat(redis.length("push_queue")).isZero();
        assertThat(store.tempQueueCensus()).isEqualTo(new PushQueueStore.TempQueueCensus(1, 0));
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));

        // its worker never finishes: once the lease runs out it is re-queued and delivered, once
        eventually().atMost(Duration.ofSeconds(20)).until(() -> redis.get("rabbit_push_9_999999") == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aLiveWorkersKeyAdoptedBetweenItsBlockingPopAndItsLeaseGoesBackUnderItsLease() {
        try (Jedis jedis = redis.client()) {
            // BRPOPLPUSH has moved it, the worker's lease is not taken yet: the tail scan adopts it
            jedis.lpush("temp_queue", "rabbit_push_7_777777");
            jedis.set("rabbit_push_7_777777", "in its worker's hands");
        }
        eventually().until(() -> redis.length("temp_queue") == 0);
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.zscore("temp_queue:adopted", "rabbit_push_7_777777")).isNotNull();
            // then the worker takes its lease, good for 10 s
            long deadline = Long.parseLong(jedis.time().get(0)) * 1000 + 10_000;
            jedis.zadd("temp_queue:leases", deadline, "rabbit_push_7_777777");
            jedis.hset("temp_queue:tokens", "rabbit_push_7_777777", "its-worker");
        }

        // the adoption falls due (2 s): the key is a live claim again, not queued a second time, no attempt spent
        eventually().until(() -> redis.length("temp_queue") == 1);
        assertThat(redis.list("temp_queue")).containsExactly("rabbit_push_7_777777");
        assertThat(redis.length("push_queue")).isZero();
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.zscore("temp_queue:adopted", "rabbit_push_7_777777")).isNull();
            assertThat(jedis.hget("temp_queue:attempts", "rabbit_push_7_777777")).isNull();
        }
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void anExpiredClaimDeepInALongTempQueueIsDeliveredOnce() {
        try (Jedis jedis = redis.client()) {
            // a worker died holding this claim, then 500 more keys were moved in front of it. The value first and
            // the claim in one transaction, as a worker leaves them: a leftover pass that saw the key before its value
            // (the pipeline is running) would rightly drop it, and the claim would never be there to deliver
            jedis.set("rabbit_push_6_666666", "deep");
            Transaction claim = jedis.multi();
            claim.lpush("temp_queue", "rabbit_push_6_666666");
            claim.zadd("temp_queue:leases", 1, "rabbit_push_6_666666");
            claim.hset("temp_queue:tokens", "rabbit_push_6_666666", "dead-worker");
            claim.exec();
            for (int i = 0; i < 500; i++) {
                jedis.lpush("temp_queue", "rabbit_push_old" + i + "_100000");
            }
        }

        eventually().atMost(Duration.ofSeconds(30)).until(() -> redis.get("rabbit_push_6_666666") == null && redis.length("temp_queue") == 0);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.zcard("temp_queue:leases")).isZero();
            assertThat(jedis.hlen("temp_queue:tokens")).isZero();
            assertThat(jedis.zcard("temp_queue:adopted")).isZero();
        }
    }
}
