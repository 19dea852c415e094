package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/** Health and Prometheus metrics on camel-main's management server, scraped as a monitoring system would. */
class HealthAndMetricsTest extends PipelineTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessIsDownWhileRedisIsAwayAndUpWhenItReturns() throws Exception {
        eventually().until(() -> get("/observe/health/ready").statusCode() == 200);
        assertThat(get("/observe/health/ready").body()).contains("UP");

        redis.stop();
        try {
            eventually().until(() -> get("/observe/health/ready").statusCode() == 503);
            assertThat(get("/observe/health/ready").body()).contains("DOWN");
            assertThat(get("/observe/health/live").statusCode()).as("alive: it recovers by itself").isEqualTo(200);
        } finally {
            redis.start();
        }
        eventually().until(() -> get("/observe/health/ready").statusCode() == 200);
    }

    @Test
    void metricsCountTheMessagesAndShowTheQueues() throws Exception {
        redis.phpProducerWrites("rabbit_push_1_111111", "one");
        redis.phpProducerWrites("rabbit_push_2_222222", "two");
        redis.phpProducerWrites("bad_key", "malformed");
        eventually().until(() -> redis.length("push_dead_letter") == 1 && "2".equals(redis.stat("delivered")));

        String metrics = get("/observe/metrics").body();

        assertThat(metrics).containsPattern("redis_push_taken_total(\\{[^}]*\\})? 3\\.0");
        assertThat(metrics).containsPattern("redis_push_delivered_total(\\{[^}]*\\})? 2\\.0");
        assertThat(metrics).containsPattern("redis_push_dead_lettered_total(\\{[^}]*\\})? 1\\.0");
        assertThat(metrics).containsPattern("redis_push_queue_depth\\{[^}]*queue=\"dead-letter\"[^}]*\\} 1\\.0");
        assertThat(metrics).containsPattern("redis_push_queue_depth\\{[^}]*queue=\"push\"[^}]*\\} 0\\.0");
        assertThat(metrics).contains("redis_push_delivery_seconds_bucket");
        assertThat(metrics).containsPattern("redis_push_delivery_seconds_count(\\{[^}]*\\})? 2");
        assertThat(metrics).contains("redis_push_retried_total");
        assertThat(metrics).contains("redis_push_in_flight");
        assertThat(metrics).containsPattern("redis_push_retries_scheduled(\\{[^}]*\\})? 0\\.0");
        assertThat(metrics).containsPattern("redis_push_scheduled(\\{[^}]*\\})? 0\\.0");
        assertThat(metrics).containsPattern("redis_push_provider_breaker_state\\{[^}]*breaker=\"outage\"[^}]*\\} 0\\.0");
        assertThat(metrics).containsPattern("redis_push_provider_breaker_state\\{[^}]*breaker=\"credentials\"[^}]*\\} 0\\.0");
        assertThat(metrics).contains("redis_push_provider_halted_seconds_total");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
