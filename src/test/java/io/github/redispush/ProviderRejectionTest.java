package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.redispush.support.DeadLetterList;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/** A 4xx other than 408/429 is the provider refusing the push itself: dead-lettered with status and body, no retry. */
class ProviderRejectionTest extends PipelineTestSupport {

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":1002,\"errorMessage\":\"userId is invalid\"}")));
    }

    @Test
    void isDeadLetteredWithStatusAndBodyAfterOneRequest() {
        redis.phpProducerWrites("rabbit_push_20_175990", "hello");

        eventually().until(() -> !redis.list("push_dead_letter").isEmpty() && redis.list("temp_queue").isEmpty());

        JsonNode entry = DeadLetterList.entries(redis).get(0);
        assertThat(entry.get("key").asText()).isEqualTo("rabbit_push_20_175990");
        assertThat(entry.get("status").asInt()).isEqualTo(400);
        assertThat(entry.get("responseBody").asText()).contains("userId is invalid");
        assertThat(entry.get("reason").asText()).contains("HTTP 400");
        assertThat(entry.get("attempts").asInt()).isEqualTo(1);
        assertThat(entry.get("route").asText()).isEqualTo("send-to-provider");
        assertThat(redis.get("rabbit_push_20_175990")).isEqualTo("hello");
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
    }
}
