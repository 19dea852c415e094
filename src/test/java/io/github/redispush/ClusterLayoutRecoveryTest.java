package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.support.ClusterPipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On a real three-master Redis Cluster, in the cluster layout, the recovery paths behave as on one server: a failed
 * push goes through the retry schedule and is delivered once, a malformed key is dead-lettered with its reason, a
 * claim whose worker died is re-queued once its lease runs out (or dropped when its value is gone), claims left in
 * the temp queue without a lease are adopted, and dead letters are requeued and purged, values and all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterLayoutRecoveryTest extends ClusterPipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.max-attempts", "3");
        return p;
    }

    @Override
    protected void stubReceiver() {
        // each test sets its own answers
    }

    @Test
    void aFailedPushIsRescheduledAndDeliveredOnce() {
        receiver.stubFor(post("/push").inScenario("answers").whenScenarioStateIs(STARTED).willSetStateTo("fixed")
                .willReturn(aResponse().withStatus(500)));
        receiver.stubFor(post("/push").inScenario("answers").whenScenarioStateIs("fixed").willReturn(ok()));

        phpProducerWrites("rabbit_push_1_111111", "retried");

        eventually().until(() -> !jedis.exists("rabbit_push_1_111111") && jedis.llen(TEMP_QUEUE) == 0);
        receiver.verify(2, postRequestedFor(urlEqualTo("/push")));
        assertThat(stat("retried")).as("moved back from the retry schedule").isEqualTo("1");
        assertThat(stat("delivered")).isEqualTo("1");
        assertThat(jedis.zcard(RETRIES)).isZero();
        assertThat(jedis.llen(DEAD_LETTERS)).isZero();
    }

    @Test
    void aMalformedKeyIsDeadLetteredWithItsReasonAndItsValueKept() throws Exception {
        receiver.stubFor(post("/push").willReturn(ok()));

        phpProducerWrites("rabbit_push_20", "value of a malformed key");

        eventually().until(() -> jedis.llen(DEAD_LETTERS) == 1 && jedis.llen(TEMP_QUEUE) == 0);
        JsonNode entry = JSON.readTree(jedis.lindex(DEAD_LETTERS, 0));
        assertThat(entry.get("key").asText()).isEqualTo("rabbit_push_20");
        assertThat(entry.get("reason").asText()).isEqualTo("malformed key: expected 4 '_'-separated parts, found 3");
        assertThat(jedis.get("rabbit_push_20")).isEqualTo("value of a malformed key");
        assertThat(jedis.zcard(LEASES)).isZero();
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aValueThatIsNotAStringIsDeadLetteredWithRedissOwnReply() throws Exception {
        receiver.stubFor(post("/push").willReturn(ok()));
        jedis.rpush("rabbit_push_4_444444", "a list, not a string");
        jedis.lpush(PUSH_QUEUE, "rabbit_push_4_444444");

        eventually().until(() -> jedis.llen(DEAD_LETTERS) == 1 && jedis.llen(TEMP_QUEUE) == 0);
        assertThat(JSON.readTree(jedis.lindex(DEAD_LETTERS, 0)).get("reason").asText())
                .startsWith("its value cannot be read: WRONGTYPE");
        receiver.verify(0, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aCrashedClaimIsRequeuedAfterItsLeaseAndDeliveredOnce() {
        receiver.stubFor(post("/push").willReturn(ok()));
        // a worker died mid-delivery: its claim in the temp queue, its lease long expired; and one that died between
        // deleting the value and releasing the claim (delivered: the value is gone)
        jedis.set("rabbit_push_6_666666", "survivor");
        jedis.lpush(TEMP_QUEUE, "rabbit_push_6_666666", "rabbit_push_8_888888");
        jedis.zadd(LEASES, 1, "rabbit_push_6_666666");
        jedis.zadd(LEASES, 1, "rabbit_push_8_888888");
        jedis.hset(TOKENS, "rabbit_push_6_666666", "dead-worker");
        jedis.hset(TOKENS, "rabbit_push_8_888888", "dead-worker");

        eventually().until(() -> !jedis.exists("rabbit_push_6_666666") && jedis.llen(TEMP_QUEUE) == 0 && jedis.zcard(LEASES) == 0
                && "1".equals(stat("missing")));
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(stat("requeued")).isEqualTo("1");
        assertThat(stat("missing")).as("the delivered one, not sent again: it waited for a value, then was settled").isEqualTo("1");
        assertThat(stat("awaitingValue")).isEqualTo("0");
        assertThat(jedis.hlen(TOKENS)).isZero();
    }

    @Test
    void claimsLeftWithoutALeaseAreAdoptedAndTheOnesWithAValueDeliveredOnce() {
        receiver.stubFor(post("/push").willReturn(ok()));
        // what a worker that died between its blocking pop and its lease leaves; most of them long delivered
        for (int i = 0; i < 20; i++) {
            jedis.lpush(TEMP_QUEUE, "rabbit_push_old" + i + "_100000");
        }
        jedis.set("rabbit_push_old7_100000", "stranded");

        eventually().atMost(Duration.ofSeconds(40)).until(() -> !jedis.exists("rabbit_push_old7_100000")
                && jedis.llen(TEMP_QUEUE) == 0 && jedis.zcard(ADOPTED) == 0 && jedis.llen(PUSH_QUEUE) == 0 && jedis.zcard(LEASES) == 0
                && jedis.zcard(TEMP_QUEUE + ":awaiting-value") == 0);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(stat("adopted")).isEqualTo("20");
        assertThat(stat("missing")).as("the delivered ones, settled by the lookup after push.lookup.missing-horizon-ms").isEqualTo("19");
        assertThat(jedis.llen(DEAD_LETTERS)).isZero();
    }

    @Test
    void deadLettersAreRequeuedAndPurgedWithTheirValues() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(400).withBody("{\"code\":1002}")));
        phpProducerWrites("rabbit_push_1_111111", "one");
        phpProducerWrites("rabbit_push_2_222222", "two");
        phpProducerWrites("rabbit_push_3_333333", "three");
        eventually().until(() -> jedis.llen(DEAD_LETTERS) == 3 && jedis.llen(TEMP_QUEUE) == 0);
        receiver.resetAll();
        receiver.stubFor(post("/push").willReturn(ok()));
        DeadLetterOperations operations = context.getRegistry().lookupByNameAndType("push.deadLetterOperations", DeadLetterOperations.class);

        assertThat(operations.inspect("rabbit_push_2_222222")).containsEntry("value", "two");
        assertThat(operations.requeue("rabbit_push_2_222222")).isEqualTo(new DeadLetterOperations.Requeued(1, 0));
        eventually().until(() -> !jedis.exists("rabbit_push_2_222222"));
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));

        assertThat(operations.purge("rabbit_push_1_111111")).isEqualTo(1);
        assertThat(jedis.exists("rabbit_push_1_111111")).as("purged with its value").isFalse();

        jedis.del("rabbit_push_3_333333");
        assertThat(operations.requeueAll()).as("an entry whose value is gone is only removed")
                .isEqualTo(new DeadLetterOperations.Requeued(0, 1));
        assertThat(jedis.llen(DEAD_LETTERS)).isZero();
        assertThat(jedis.llen(PUSH_QUEUE)).isZero();
    }
}
