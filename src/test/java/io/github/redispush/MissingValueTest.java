package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key whose value never shows up is released after the grace period, waits for its value until the horizon
 * (push.lookup.missing-horizon-ms, 2 s here), counted as waiting meanwhile, and is then counted as missing: not
 * sent and not looped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MissingValueTest extends PipelineTestSupport {

    @Test
    void aKeyWithoutValueWaitsUntilTheHorizonAndIsThenCountedAsMissing() {
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", "rabbit_push_3_333333");
        }
        long queuedAt = System.nanoTime();

        eventually().until(() -> "1".equals(redis.stat("awaitingValue")));
        assertThat(redis.stat("missing")).as("waiting, not missing yet").isNull();
        assertThat(redis.list("temp_queue")).as("no deliverer holds it while it waits").isEmpty();
        try (var jedis = redis.client()) {
            assertThat(jedis.zscore("temp_queue:awaiting-value", "rabbit_push_3_333333")).isNotNull();
        }

        eventually().until(() -> "1".equals(redis.stat("missing")));

        long waitedMs = (System.nanoTime() - queuedAt) / 1_000_000;
        assertThat(waitedMs).as("the grace period (10 x 50 ms), then the 2 s horizon").isGreaterThanOrEqualTo(2500);
        assertThat(redis.stat("awaitingValue")).isEqualTo("0");
        try (var jedis = redis.client()) {
            assertThat(jedis.exists("temp_queue:awaiting-value", "temp_queue:awaiting-value:since", "temp_queue:attempts")).isZero();
        }
        assertThat(redis.list("temp_queue")).isEmpty();
        assertThat(redis.list("push_queue")).isEmpty();
        assertThat(redis.list("push_dead_letter")).isEmpty();
        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aKeyQueuedTwiceIsSentOnce() {
        redis.phpProducerWrites("rabbit_push_4_444444", "once");
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", "rabbit_push_4_444444");
        }

        // the copies are claimed either at once (the second is dropped) or one after the other (the second finds
        // the value gone): either way one push
        eventually().until(() -> "1".equals(redis.stat("delivered")) && redis.list("temp_queue").isEmpty()
                && redis.list("push_queue").isEmpty());

        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
        assertThat(redis.get("rabbit_push_4_444444")).isNull();
    }
}
