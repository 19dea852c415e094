package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/** A key whose value never shows up is released after the grace period and counted, not sent and not looped. */
class MissingValueTest extends PipelineTestSupport {

    @Test
    void aKeyWithoutValueIsReleasedAfterTheGracePeriodAndCounted() {
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", "rabbit_push_3_333333");
        }
        long queuedAt = System.nanoTime();

        eventually().until(() -> "1".equals(redis.stat("missing")));

        long waitedMs = (System.nanoTime() - queuedAt) / 1_000_000;
        assertThat(waitedMs).as("looked up again during the grace period (10 x 50 ms)").isGreaterThanOrEqualTo(500);
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
