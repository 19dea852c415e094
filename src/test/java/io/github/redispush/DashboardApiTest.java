package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Transaction;

/**
 * The dashboard's JSON and files: the overview reads depths and every instance's leases from Redis, pause and
 * resume suspend reliable-move as JMX does, and only the dashboard's own three files are served.
 */
class DashboardApiTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected java.util.Properties properties() {
        java.util.Properties p = super.properties();
        // a small window, so a handful of failed pushes opens the provider breaker
        p.put("push.breaker.window-size", "4");
        p.put("push.breaker.minimum-calls", "4");
        p.put("push.breaker.probe-interval-ms", "60000");
        return p;
    }

    @Test
    void theOverviewShowsDepthsAndTheLeasesOfEveryInstance() throws Exception {
        stopReliableMove();
        redis.phpProducerWrites("rabbit_push_1_111111", "waiting");
        redis.phpProducerWrites("rabbit_push_2_222222", "waiting too");
        try (var jedis = redis.client()) {
            // a claim another instance holds: in the temp queue, leased for a minute, its third claim
            long now = Long.parseLong(jedis.time().get(0)) * 1000;
            // (one transaction: the leftover scan would adopt an entry it saw in the temp queue without its lease)
            Transaction claim = jedis.multi();
            claim.lpush("temp_queue", "rabbit_push_3_333333");
            claim.zadd("temp_queue:leases", now + 60_000, "rabbit_push_3_333333");
            claim.hset("temp_queue:tokens", "rabbit_push_3_333333", "another-instance");
            claim.hset("temp_queue:attempts", "rabbit_push_3_333333", "2");
            claim.exec();
            jedis.lpush("push_dead_letter", "{\"key\":\"rabbit_push_4_444444\",\"reason\":\"r\"}");
            jedis.hset("temp_queue:stats", "delivered", "7");
        }

        JsonNode overview = JSON.readTree(get("/dashboard/api/overview").body());

        assertThat(overview.get("pipeline").asText()).isEqualTo("push");
        assertThat(overview.get("pipelines")).hasSize(1);
        assertThat(overview.at("/queues/push/depth").asLong()).isEqualTo(2);
        assertThat(overview.at("/queues/push/name").asText()).isEqualTo("push_queue");
        assertThat(overview.at("/queues/temp/depth").asLong()).isEqualTo(1);
        assertThat(overview.at("/queues/deadLetter/depth").asLong()).isEqualTo(1);
        assertThat(overview.at("/inFlight/leased").asLong()).isEqualTo(1);
        JsonNode claim = overview.at("/inFlight/claims/0");
        assertThat(claim.get("key").asText()).isEqualTo("rabbit_push_3_333333");
        assertThat(claim.get("attempt").asLong()).isEqualTo(3);
        assertThat(claim.get("expiresInMs").asLong()).isBetween(50_000L, 61_000L);
        assertThat(overview.at("/totals/delivered").asLong()).isEqualTo(7);
        assertThat(overview.at("/delivery/route").asText()).isEqualTo("reliable-move");
        assertThat(overview.at("/delivery/paused").asBoolean()).isTrue();
        assertThat(overview.get("readOnly").asBoolean()).isFalse();
        assertThat(overview.at("/breaker/state").asText()).isEqualTo("CLOSED");
        assertThat(overview.at("/breaker/halted").asBoolean()).isFalse();
        assertThat(overview.at("/queues/retries/name").asText()).isEqualTo("temp_queue:retries");
        // the delivery history is on by default; nothing is settled yet, so the search finds nothing, and says it read it all
        assertThat(overview.at("/history/enabled").asBoolean()).isTrue();
        assertThat(overview.at("/history/entries").asLong()).isZero();
        JsonNode deliveries = JSON.readTree(get("/deliveries?uid=1").body());
        assertThat(deliveries.get("historyEnabled").asBoolean()).isTrue();
        assertThat(deliveries.get("entries")).isEmpty();
        assertThat(deliveries.get("wholeHistory").asBoolean()).isTrue();
    }

    @Test
    void theBreakerOpensWhenTheProviderIsDownAndSaysWhy() throws Exception {
        receiver.resetAll();
        receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/push")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        redis.phpProducerWrites(6, "down");

        eventually().until(() -> JSON.readTree(get("/dashboard/api/overview").body()).at("/breaker/state").asText().equals("OPEN"));

        JsonNode overview = JSON.readTree(get("/dashboard/api/overview").body());
        assertThat(overview.at("/breaker/halted").asBoolean()).isTrue();
        assertThat(overview.at("/breaker/outage").asText()).isEqualTo("OPEN");
        assertThat(overview.at("/breaker/reason").asText()).contains("unavailable");
        assertThat(overview.at("/queues/deadLetter/depth").asLong()).as("an outage dead-letters nothing").isZero();
    }

    @Test
    void pauseAndResumeSuspendReliableMove() throws Exception {
        JsonNode paused = JSON.readTree(send("POST", "/dashboard/api/pause").body());
        assertThat(paused.get("state").asText()).isEqualTo("Suspended");
        assertThat(context.getRouteController().getRouteStatus("reliable-move").isSuspended()).isTrue();
        Thread.sleep(1500); // a pop already blocking when the route was suspended may still take one key
        redis.phpProducerWrites("rabbit_push_1_111111", "while paused");
        Thread.sleep(1500); // longer than one blocking pop: time in which it could have been taken

        assertThat(redis.list("push_queue")).containsExactly("rabbit_push_1_111111");

        JsonNode resumed = JSON.readTree(send("POST", "/dashboard/api/resume").body());
        assertThat(resumed.get("state").asText()).isEqualTo("Started");
        eventually().until(() -> redis.get("rabbit_push_1_111111") == null);
    }

    @Test
    void theRatesAreSampledForTheGraph() throws Exception {
        redis.phpProducerWrites(5, "rate");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(get("/dashboard/api/overview").body()).at("/rates/samples").size() >= 1);

        JsonNode rates = JSON.readTree(get("/dashboard/api/overview").body()).get("rates");
        assertThat(rates.get("windowSeconds").asLong()).isEqualTo(300);
        JsonNode sample = rates.get("samples").get(0);
        assertThat(sample.has("at") && sample.has("delivered") && sample.has("retried") && sample.has("deadLettered")).isTrue();
    }

    @Test
    void onlyTheDashboardsOwnFilesAreServed() throws Exception {
        HttpResponse<String> page = get("/dashboard");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(get("/dashboard/dashboard.js").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(get("/dashboard/dashboard.css").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

        for (String path : new String[] {"/dashboard/application.properties", "/dashboard/..%2Fapplication.properties", "/application.properties",
            "/dashboard/log4j2.properties"}) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("push.redis.url");
        }
    }

    @Test
    void anUnknownPipelineIs404WithTheKnownOnes() throws Exception {
        HttpResponse<String> answer = get("/dashboard/api/overview?pipeline=nope");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("no pipeline named 'nope' here; pipelines: push");
        assertThat(get("/dead-letters?pipeline=nope").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json"); // without a token, an action is taken only as JSON
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
