package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.redis.EvictionWatch;
import io.github.redispush.support.LogCapture;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis's eviction policy turning to allkeys-lru under a running pipeline (CONFIG SET on a real redis-server):
 * readiness goes DOWN with the redis-eviction check, one ERROR is logged however often the health is asked, the
 * dashboard's overview says so; back to noeviction, readiness is UP again.
 */
class RedisEvictionTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void safePolicyAgain() {
        policy("noeviction");
    }

    @Test
    void anAllkeysPolicyWhileRunningTurnsReadinessDownOnceAndBack() throws Exception {
        eventually().until(() -> get(managementPort, "/observe/health/ready").statusCode() == 200);
        assertThat(overview().at("/eviction/policy").asText()).isEqualTo("noeviction");
        assertThat(overview().at("/eviction/endangered").asBoolean()).isFalse();

        try (LogCapture log = LogCapture.of(EvictionWatch.class)) {
            policy("allkeys-lru");

            eventually().until(() -> get(managementPort, "/observe/health/ready").statusCode() == 503);
            String health = get(managementPort, "/observe/health/ready").body();
            assertThat(health).contains("redis-eviction-push").contains("allkeys-lru").contains("DOWN");
            JsonNode overview = overview();
            assertThat(overview.at("/eviction/endangered").asBoolean()).isTrue();
            assertThat(overview.at("/eviction/policy").asText()).isEqualTo("allkeys-lru");
            assertThat(overview.at("/eviction/allowed").asBoolean()).isFalse();
            // asked again and again, as a probe and the dashboard do: still one ERROR
            for (int i = 0; i < 5; i++) {
                assertThat(get(managementPort, "/observe/health/ready").statusCode()).isEqualTo(503);
                overview();
            }
            assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).singleElement().asString()
                    .contains("allkeys-lru").contains("push.redis.allow-eviction");

            policy("volatile-lru"); // no key of the pipeline has a TTL: safe
            eventually().until(() -> get(managementPort, "/observe/health/ready").statusCode() == 200);
            assertThat(overview().at("/eviction/endangered").asBoolean()).isFalse();
            assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).hasSize(1);
            assertThat(log.linesContaining("volatile-lru again")).hasSize(1);
        }
    }

    private void policy(String policy) {
        try (Jedis jedis = redis.client()) {
            jedis.configSet("maxmemory-policy", policy);
        }
    }

    private JsonNode overview() throws Exception {
        HttpResponse<String> answer = get(httpPort, "/dashboard/api/overview");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
