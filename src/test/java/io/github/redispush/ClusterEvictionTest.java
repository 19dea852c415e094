package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.redispush.support.ClusterPipelineTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * On a Redis Cluster every master's policy is read: allkeys-lru on a master that does not hold the push queue's slot
 * still turns readiness DOWN (that master holds message values), and names the master.
 */
class ClusterEvictionTest extends ClusterPipelineTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void safePolicyAgain() {
        for (int master = 0; master < cluster.ports().size(); master++) {
            policy(master, "noeviction");
        }
    }

    @Test
    void anAllkeysPolicyOnAnyMasterTurnsReadinessDown() throws Exception {
        eventually().until(() -> get("/observe/health/ready").statusCode() == 200);
        int other = (cluster.masterOf(PUSH_QUEUE) + 1) % cluster.ports().size();

        policy(other, "allkeys-random");

        eventually().until(() -> get("/observe/health/ready").statusCode() == 503);
        assertThat(get("/observe/health/ready").body()).contains("redis-eviction-push")
                .contains("127.0.0.1:" + cluster.ports().get(other) + " allkeys-random");

        policy(other, "noeviction");
        eventually().until(() -> get("/observe/health/ready").statusCode() == 200);
    }

    private static void policy(int master, String policy) {
        try (Jedis node = cluster.node(master)) {
            node.configSet("maxmemory-policy", policy);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
