package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redispush.support.DeadLetterList;
import io.github.redispush.support.FakeRongCloud;
import io.github.redispush.support.FakeRongCloud.Answer;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What RongCloud's answers do to the pipeline, end to end (Redis, the worker routes, the error handler, the breaker),
 * against a real HTTP server that answers as RongCloud does: a 200 that carries a failure code, its rate limit with
 * no Retry-After, and a refused signature.
 */
class RongCloudDeliveryTest {
    /** push.delivery.client: the subclass ...OnVertxHttpTest runs these tests on vertx-http. */
    protected String deliveryClient() {
        return "http";
    }


    private static final String SECRET = "s3cr3t-app-secret";

    private TestRedis redis;
    private FakeRongCloud rongCloud;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        redis = new TestRedis().start();
        rongCloud = new FakeRongCloud("app-key-1", SECRET);
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        rongCloud.close();
        redis.stop();
    }

    @Test
    void a200WithCode1002IsDeadLetteredWithItsCodeAndMessageNotDelivered() throws Exception {
        rongCloud.answering(request -> new Answer(200, 1002, "toUserId 参数错误"));
        startPipeline(Map.of());

        redis.phpProducerWrites("rabbit_push_u7_123456", "hello");
        eventually().until(() -> redis.length("push_dead_letter") == 1);

        JsonNode entry = DeadLetterList.entries(redis).get(0);
        assertThat(entry.get("key").asText()).isEqualTo("rabbit_push_u7_123456");
        assertThat(entry.get("reason").asText()).isEqualTo("push provider rejected it with HTTP 200, code 1002");
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("responseBody").asText()).isEqualTo("toUserId 参数错误");
        assertThat(redis.stat("delivered")).as("counted as delivered").isNull();
        assertThat(redis.get("rabbit_push_u7_123456")).as("the value is kept for inspection").isEqualTo("hello");
        assertThat(rongCloud.received()).as("tried once: retrying cannot help").hasSize(1);
    }

    @Test
    void rateLimitWithoutRetryAfterSlowsEveryoneDownAndSpendsNoAttempt() throws Exception {
        // RongCloud's 1008 (HTTP 429) with no Retry-After, for the first second and a half of traffic
        AtomicLong limitedUntil = new AtomicLong();
        rongCloud.answering(request -> {
            limitedUntil.compareAndSet(0, System.nanoTime() + Duration.ofMillis(1500).toNanos());
            return System.nanoTime() < limitedUntil.get() ? new Answer(429, 1008, "too many requests") : Answer.OK;
        });
        // one attempt per key: any rate-limit answer that spent one would dead-letter its key
        startPipeline(Map.of("push.max-attempts", "1"));

        List<String> keys = redis.phpProducerWrites(100, "r");
        eventually().until(() -> rongCloud.acceptedMessages() == 100 && redis.length("temp_queue") == 0);

        int limited = rongCloud.answered(1008);
        System.out.printf("FAULT-FIGURES RongCloudDeliveryTest (1008 without Retry-After for 1.5 s): sent 100, delivered %d, "
                + "lost %d, duplicated %d, dead-lettered %d, 1008 answers %d%n", rongCloud.acceptedMessages(),
                keys.stream().filter(k -> redis.get(k) != null).count(), rongCloud.duplicates(), redis.length("push_dead_letter"), limited);
        assertThat(limited).as("RongCloud did answer 1008").isPositive();
        // at 100/s, 1.5 s of traffic would meet ~150 refusals if nobody slowed down; each 1008 holds every deliverer
        // off for push.rongcloud.rate-limited-pause-ms, so only the pushes already on their way meet it
        assertThat(limited).as("1008 answers: the shared limiter slowed down").isLessThan(60);
        assertThat(redis.length("push_dead_letter")).as("dead-lettered").isZero();
        assertThat(rongCloud.duplicates()).isZero();
        try (var jedis = redis.client()) {
            assertThat(jedis.hlen("temp_queue:attempts")).as("attempts spent").isZero();
        }
    }

    @Test
    void aRefusedSignatureHaltsDeliveryUntilTheSecretIsRightThenAllIsDelivered() throws Exception {
        // RongCloud knows another secret than ours: 401 with code 1004 to every push
        rongCloud.acceptSecret("the-secret-rongcloud-has");
        startPipeline(Map.of("push.breaker.probe-interval-ms", "500"));

        List<String> keys = redis.phpProducerWrites(20, "h");
        // the first push is refused, then a probe now and then
        eventually().until(() -> rongCloud.signatureRejections() >= 3);
        int triedWhileHalted = rongCloud.received().size();
        assertThat(redis.length("push_dead_letter")).as("dead-lettered while halted").isZero();
        assertThat(keys).allMatch(key -> redis.get(key) != null, "every message is kept");
        try (var jedis = redis.client()) {
            assertThat(jedis.hgetAll("temp_queue:attempts")).as("attempts spent").isEmpty();
        }

        // the operator sets the app secret at RongCloud to the one the pipeline has: the next probe is accepted
        rongCloud.acceptSecret(SECRET);
        eventually().until(() -> rongCloud.acceptedMessages() == 20 && redis.length("temp_queue") == 0);

        System.out.printf("FAULT-FIGURES RongCloudDeliveryTest (401/1004 until the secret is fixed): sent 20, requests while halted %d, "
                + "delivered %d, lost %d, duplicated %d, dead-lettered %d%n", triedWhileHalted, rongCloud.acceptedMessages(),
                keys.stream().filter(k -> redis.get(k) != null).count(), rongCloud.duplicates(), redis.length("push_dead_letter"));
        assertThat(triedWhileHalted).as("requests while halted: the first push and the probes, not the queue").isLessThan(20);
        assertThat(redis.length("push_dead_letter")).isZero();
        assertThat(rongCloud.duplicates()).isZero();
    }

    private void startPipeline(Map<String, String> more) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of(
                "push.redis.url", redis.url(),
                "push.url", rongCloud.host(),
                "push.provider", "rongcloud-private",
                "push.rongcloud.from-user-id", "system-bot",
                "push.auth.app-key", "app-key-1",
                "push.auth.secret", SECRET,
                "push.retry.initial-delay-ms", "200",
                "push.delivery.client", deliveryClient()));
        properties.putAll(more);
        PushPipeline.addTo(context, "push", properties);
        context.start();
    }

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
    }
}
