package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redispush.support.DeadLetterList;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The redeliver route re-queues claims whose lease ran out (lease 2 s, renewed every 0.5 s by a live worker),
 * never a live worker's claim; a push that keeps failing is dead-lettered after push.max-attempts tries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedeliveryTest extends PipelineTestSupport {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.max-attempts", "2");
        // long enough for the slow receiver below: only the lease could make it send twice
        p.put("camel.component.http.response-timeout", "6000");
        p.put("camel.component.http.so-timeout", "6000");
        return p;
    }

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(ok()));
    }

    @Test
    void aClaimLeftByADeadWorkerIsRequeuedAfterItsLeaseAndDeliveredOnce() {
        // what a worker that died right after BRPOPLPUSH leaves behind: the key in temp_queue, no lease
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_5_555555", "survivor");
            jedis.lpush("temp_queue", "rabbit_push_5_555555");
        }
        long start = System.nanoTime();

        eventually().until(() -> redis.get("rabbit_push_5_555555") == null && redis.list("temp_queue").isEmpty());

        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMs).as("not before a whole lease timeout").isGreaterThanOrEqualTo(2000);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(redis.stat("requeued")).isEqualTo("1");
    }

    @Test
    void aClaimWithAnExpiredLeaseIsRequeuedAndDeliveredOnce() {
        // a worker that died mid-delivery: its lease expired a while ago
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_6_666666", "survivor");
            jedis.lpush("temp_queue", "rabbit_push_6_666666");
            jedis.zadd("temp_queue:leases", 1, "rabbit_push_6_666666");
            jedis.hset("temp_queue:tokens", "rabbit_push_6_666666", "dead-worker");
        }

        eventually().until(() -> redis.get("rabbit_push_6_666666") == null && redis.list("temp_queue").isEmpty());

        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(redis.list("push_dead_letter")).isEmpty();
    }

    @Test
    void aSlowButLiveDeliveryIsNotRequeued() {
        receiver.stubFor(post("/push").willReturn(ok().withFixedDelay(4000))); // twice the lease timeout

        redis.phpProducerWrites("rabbit_push_7_777777", "slow");

        eventually().until(() -> redis.get("rabbit_push_7_777777") == null && redis.list("temp_queue").isEmpty());
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(redis.stat("requeued")).isNull();
    }

    @Test
    void aKeyThatAlwaysFailsEndsInTheDeadLetterListAfterMaxAttempts() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(500).withBody("provider down")));

        redis.phpProducerWrites("rabbit_push_8_888888", "doomed");

        eventually().until(() -> !redis.list("push_dead_letter").isEmpty());
        JsonNode entry = DeadLetterList.entries(redis).get(0);
        assertThat(entry.get("key").asText()).isEqualTo("rabbit_push_8_888888");
        assertThat(entry.get("reason").asText()).isEqualTo("gave up after 2 attempts, the last: HTTP 500: Server Error");
        assertThat(entry.get("status").asInt()).isEqualTo(500);
        assertThat(entry.get("attempts").asInt()).isEqualTo(2);
        assertThat(redis.get("rabbit_push_8_888888")).isEqualTo("doomed");
        assertThat(redis.list("temp_queue")).isEmpty();
        assertThat(redis.list("push_queue")).isEmpty();
        // one try per attempt: the retry waits in the schedule, not in process
        receiver.verify(2, postRequestedFor(urlEqualTo("/push")));
        assertThat(redis.stat("retried")).isEqualTo("1");
    }
}
