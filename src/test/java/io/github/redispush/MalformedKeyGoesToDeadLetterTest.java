package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redispush.support.DeadLetterList;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PHP worker skips a key that does not split into 4 parts and leaves it to cycle between the queues forever;
 * here it goes to the dead-letter list with its reason, once, and its value is kept for inspection.
 */
class MalformedKeyGoesToDeadLetterTest extends PipelineTestSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "rabbit_push_20           | malformed key: expected 4 '_'-separated parts, found 3",
            "rabbit_push_20_175990_x  | malformed key: expected 4 '_'-separated parts, found 5",
            "rabbit_push__175990      | malformed key: empty uid",
            "plainkey                 | malformed key: expected 4 '_'-separated parts, found 1",
    })
    void isDeadLetteredWithItsReasonAndNotSent(String key, String reason) {
        redis.phpProducerWrites(key, "value of " + key);

        eventually().until(() -> !redis.list("push_dead_letter").isEmpty() && redis.list("temp_queue").isEmpty());

        JsonNode entry = DeadLetterList.entries(redis).get(0);
        assertThat(entry.get("key").asText()).isEqualTo(key);
        // the reason an operator reads: without Camel's wrapper (RuntimeBeanExpressionException: Failed to invoke...)
        assertThat(entry.get("reason").asText()).isEqualTo(reason);
        assertThat(entry.get("route").asText()).isEqualTo("parse");
        assertThat(redis.get(key)).isEqualTo("value of " + key);
        assertThat(redis.list("push_queue")).isEmpty();
        assertThat(receiver.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(redis.stat("deadLettered")).isEqualTo("1");
    }
}
