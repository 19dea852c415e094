package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.support.ClusterPipelineTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * On a real three-master Redis Cluster: the record of an Idempotency-Key lives in the push queue's slot and is written
 * by the script that LPUSHes the key, while the value goes to a slot of its own. Concurrent requests with one key queue
 * one message, a repeat is answered with its key, another body is refused, and the one message is delivered once.
 */
class IdempotentIntakeOnClusterTest extends ClusterPipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = "{\"uid\": \"42\", \"content\": \"your order shipped\"}";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void concurrentRequestsWithOneKeyQueueOneMessageThatIsDeliveredOnce() throws Exception {
        stopReliableMove();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Set<String> keys = new HashSet<>();
        int fresh = 0;
        try {
            CyclicBarrier start = new CyclicBarrier(clients);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                answers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return post(ORDER, "order-1001");
                }));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                keys.add(JSON.readTree(response.body()).get("queued").get(0).asText());
                fresh += response.headers().firstValue("Idempotent-Replayed").orElseThrow().equals("false") ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys).hasSize(1);
        assertThat(fresh).isEqualTo(1);
        String key = keys.iterator().next();
        String record = "{push_queue}:temp_queue:idempotency:order-1001";
        assertThat(JedisClusterCRC16.getSlot(record)).isEqualTo(JedisClusterCRC16.getSlot(PUSH_QUEUE));
        assertThat(JSON.readTree(jedis.get(record)).get("keys").get(0).asText()).isEqualTo(key);
        assertThat(jedis.lrange(PUSH_QUEUE, 0, -1)).containsExactly(key);

        HttpResponse<String> other = post("{\"uid\": \"42\", \"content\": \"cancelled\"}", "order-1001");
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(jedis.llen(PUSH_QUEUE)).isEqualTo(1);

        context.getRouteController().startRoute("reliable-move");
        eventually().until(() -> "1".equals(stat("delivered")) && !jedis.exists(key));
        HttpResponse<String> afterDelivery = post(ORDER, "order-1001");
        assertThat(afterDelivery.headers().firstValue("Idempotent-Replayed")).as("a retry after delivery is not sent again").hasValue("true");
        assertThat(JSON.readTree(afterDelivery.body()).get("queued").get(0).asText()).isEqualTo(key);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
        assertThat(jedis.llen(PUSH_QUEUE)).isZero();
    }

    @Test
    void eachMessageIdOfABatchIsRecordedInThePushQueuesSlot() throws Exception {
        stopReliableMove();
        String batch = "[{\"uid\":\"1\",\"content\":\"a\",\"id\":\"m-1\"},{\"uid\":\"2\",\"content\":\"b\",\"id\":\"m-2\"}]";

        JsonNode first = JSON.readTree(post(batch, null).body());
        HttpResponse<String> again = post("[{\"uid\":\"2\",\"content\":\"b\",\"id\":\"m-2\"},{\"uid\":\"3\",\"content\":\"c\",\"id\":\"m-3\"}]", null);

        JsonNode second = JSON.readTree(again.body());
        assertThat(second.get("queued").get(0)).isEqualTo(first.get("queued").get(1));
        assertThat(second.get("replayed")).hasSize(1);
        assertThat(jedis.llen(PUSH_QUEUE)).isEqualTo(3);
        assertThat(jedis.exists("{push_queue}:temp_queue:idempotency:m-1", "{push_queue}:temp_queue:idempotency:m-2",
                "{push_queue}:temp_queue:idempotency:m-3")).isEqualTo(3);
    }

    private HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
