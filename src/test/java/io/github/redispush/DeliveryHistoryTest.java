package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/**
 * "Did uid 42 get it?" in one request: pushes for four uids end delivered, dead-lettered (the provider refused it),
 * retried then delivered, and still unsent; {@code GET /deliveries?uid=} (behind the ops token) answers each uid's
 * outcomes newest first, with the provider's status, the attempt and the time from claim to answer, and
 * {@code ?key=} one push's; a request without a uid or key, or with a bad limit, is a 400 with its reason. The single
 * layout's names; {@link DeliveryHistoryClusterLayoutTest} runs the same with the cluster layout's.
 */
class DeliveryHistoryTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPS_TOKEN = "history-ops-token";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.ops.token", OPS_TOKEN);
        p.put("push.history.enabled", "true");
        // each push's outcome is asserted: a push timed out on a busy machine would be retried, not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    /** The temp queue's name in this layout; the history is named after it. */
    protected String tempQueue() {
        return "temp_queue";
    }

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));
        receiver.stubFor(post("/push").withRequestBody(matchingJsonPath("$.uid", equalTo("43")))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"no such device\"}")));
        receiver.stubFor(post("/push").withRequestBody(matchingJsonPath("$.uid", equalTo("44"))).inScenario("44")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        receiver.stubFor(post("/push").withRequestBody(matchingJsonPath("$.uid", equalTo("44"))).inScenario("44")
                .whenScenarioStateIs("recovered").willReturn(ok("{\"code\":200}")));
    }

    @Test
    void theHistoryAnswersWhatBecameOfEachUidsPushes() throws Exception {
        redis.phpProducerWrites("rabbit_push_42_100001", "for 42");
        redis.phpProducerWrites("rabbit_push_43_100002", "for 43");
        redis.phpProducerWrites("rabbit_push_44_100003", "for 44");

        eventually().until(() -> deliveries("uid=44").get("entries").size() == 2 && deliveries("uid=43").get("entries").size() == 1
                && deliveries("uid=42").get("entries").size() == 1);

        JsonNode for42 = deliveries("uid=42");
        assertThat(for42.get("historyEnabled").asBoolean()).isTrue();
        assertThat(for42.get("wholeHistory").asBoolean()).isTrue();
        JsonNode delivered = for42.get("entries").get(0);
        assertThat(delivered.get("outcome").asText()).isEqualTo("delivered");
        assertThat(delivered.get("key").asText()).isEqualTo("rabbit_push_42_100001");
        assertThat(delivered.get("uid").asText()).isEqualTo("42");
        assertThat(delivered.get("status").asInt()).isEqualTo(200);
        assertThat(delivered.get("attempt").asInt()).isEqualTo(1);
        assertThat(delivered.get("ms").asLong()).as("from claim to answer").isNotNegative();
        assertThat(delivered.get("instance").asText()).endsWith(":" + ProcessHandle.current().pid());
        assertThat(delivered.get("at").asLong()).isPositive();

        JsonNode dead = deliveries("uid=43").get("entries").get(0);
        assertThat(dead.get("outcome").asText()).isEqualTo("dead-lettered");
        assertThat(dead.get("status").asInt()).isEqualTo(400);
        assertThat(dead.get("reason").asText()).contains("HTTP 400");

        JsonNode for44 = deliveries("uid=44").get("entries");
        assertThat(for44.get(0).get("outcome").asText()).as("newest first").isEqualTo("delivered");
        assertThat(for44.get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(for44.get(1).get("outcome").asText()).isEqualTo("retried");
        assertThat(for44.get(1).get("status").asInt()).isEqualTo(503);
        assertThat(for44.get(1).get("attempt").asInt()).isEqualTo(1);
        assertThat(for44.get(1).has("retryInMs")).isTrue();

        // one push by its key; uid and key together must both match; the limit bounds the answer
        assertThat(deliveries("key=rabbit_push_44_100003").get("entries")).hasSize(2);
        assertThat(deliveries("key=rabbit_push_44_100003&uid=42").get("entries")).isEmpty();
        JsonNode limited = deliveries("uid=44&limit=1");
        assertThat(limited.get("entries")).hasSize(1);
        assertThat(limited.get("wholeHistory").asBoolean()).isFalse();
        assertThat(deliveries("uid=45").get("entries")).as("a uid that never had a push").isEmpty();
        try (var jedis = redis.client()) {
            assertThat(jedis.xlen(tempQueue() + ":history")).isEqualTo(4);
        }

        // refused: no token, no uid or key, a bad limit, a uid no key can hold
        assertThat(get("/deliveries?uid=42", null).statusCode()).isEqualTo(401);
        assertRefused("/deliveries", "name a uid or a key");
        assertRefused("/deliveries?uid=42&limit=0", "limit must be 1..500");
        assertRefused("/deliveries?uid=42&limit=abc", "limit must be a whole number");
        assertRefused("/deliveries?uid=4_2", "a uid has no '_'");
    }

    private void assertRefused(String path, String reason) throws Exception {
        HttpResponse<String> answer = get(path, OPS_TOKEN);
        assertThat(answer.statusCode()).as(path).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).as(path).contains(reason);
    }

    private JsonNode deliveries(String query) throws Exception {
        HttpResponse<String> answer = get("/deliveries?" + query, OPS_TOKEN);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
