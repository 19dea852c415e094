package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redispush.support.DeadLetterList;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Poison written by a producer gets a defined outcome: a dead-letter entry with its reason; no loop, no crash. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonInputTest extends PipelineTestSupport {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.max-attempts", "2");
        p.put("push.delivery.max-value-bytes", "65536");
        return p;
    }

    @Test
    void aHugeValueIsDeadLetteredWithItsSize() {
        redis.phpProducerWrites("rabbit_push_1_111111", "x".repeat(70_000));

        JsonNode entry = awaitDeadLetter();

        assertThat(entry.get("key").asText()).isEqualTo("rabbit_push_1_111111");
        assertThat(entry.get("reason").asText()).contains("70000 bytes, over push.delivery.max-value-bytes=65536");
        assertThat(redis.get("rabbit_push_1_111111")).hasSize(70_000);
        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aValueThatIsNotUtf8IsDeadLetteredNotSentGarbled() {
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", "rabbit_push_2_222222");
            jedis.set("rabbit_push_2_222222".getBytes(StandardCharsets.UTF_8), new byte[] {'h', 'i', (byte) 0xC3, (byte) 0x28});
        }

        JsonNode entry = awaitDeadLetter();

        assertThat(entry.get("key").asText()).isEqualTo("rabbit_push_2_222222");
        assertThat(entry.get("reason").asText()).contains("not valid UTF-8");
        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aKeyNameThatIsNotUtf8EndsInTheDeadLetterListInsteadOfCycling() {
        byte[] key = {'r', 'a', 'b', 'b', 'i', 't', '_', 'p', 'u', 's', 'h', '_', (byte) 0xFF, '_', '1'};
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue".getBytes(StandardCharsets.UTF_8), key);
            jedis.set(key, "orphan".getBytes(StandardCharsets.UTF_8));
        }

        eventually().until(() -> redis.length("push_dead_letter") == 1 && redis.length("temp_queue") == 0
                && redis.length("push_queue") == 0);

        try (var jedis = redis.client()) {
            String entry = new String(jedis.lindex("push_dead_letter".getBytes(StandardCharsets.UTF_8), 0), StandardCharsets.ISO_8859_1);
            assertThat(entry).contains("gave up after 2 attempts");
        }
        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private JsonNode awaitDeadLetter() {
        eventually().until(() -> redis.length("push_dead_letter") == 1 && redis.length("temp_queue") == 0);
        return DeadLetterList.entries(redis).get(0);
    }
}
