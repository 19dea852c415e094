package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.management.JMX;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.management.PushQueueMXBean;
import io.github.redispush.management.PushQueueManagement;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Dead letters are operable: listed, inspected, requeued and purged, over JMX and over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterOperationsTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected void stubReceiver() {
        // the provider refuses everything at first: every push is dead-lettered with HTTP 400
        receiver.stubFor(post("/push").willReturn(aResponse().withStatus(400).withBody("{\"code\":1002}")));
    }

    @BeforeEach
    void deadLetterThreeKeys() {
        redis.phpProducerWrites("rabbit_push_1_111111", "one");
        redis.phpProducerWrites("rabbit_push_2_222222", "two");
        redis.phpProducerWrites("rabbit_push_3_333333", "three");
        eventually().until(() -> redis.length("push_dead_letter") == 3 && redis.length("temp_queue") == 0);
        receiver.resetAll();
        receiver.stubFor(post("/push").willReturn(ok())); // the provider is fixed
    }

    @Test
    void overJmx() throws Exception {
        PushQueueMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                PushQueueManagement.objectName("redis-push", "push_queue"), PushQueueMXBean.class);

        assertThat(bean.getDeadLetterDepth()).isEqualTo(3);
        assertThat(bean.getPushQueueDepth()).isZero();
        assertThat(bean.listDeadLetters(0, 10)).hasSize(3).allMatch(e -> e.contains("HTTP 400"));
        JsonNode inspected = JSON.readTree(bean.inspectDeadLetter("rabbit_push_2_222222"));
        assertThat(inspected.get("value").asText()).isEqualTo("two");
        assertThat(inspected.get("entry").get("status").asInt()).as("the entry is a JSON object").isEqualTo(400);

        assertThat(bean.requeueDeadLetter("rabbit_push_2_222222")).isEqualTo(1);
        eventually().until(() -> redis.get("rabbit_push_2_222222") == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));

        assertThat(bean.purgeDeadLetter("rabbit_push_1_111111")).isEqualTo(1);
        assertThat(redis.get("rabbit_push_1_111111")).as("purged with its value").isNull();
        assertThat(bean.getDeadLetterDepth()).isEqualTo(1);

        assertThat(bean.requeueAllDeadLetters()).isEqualTo(1);
        eventually().until(() -> redis.get("rabbit_push_3_333333") == null);
        assertThat(bean.getDeadLetterDepth()).isZero();
        assertThat(bean.getTempQueueDepth()).isZero();
    }

    @Test
    void overHttp() throws Exception {
        JsonNode list = JSON.readTree(send("GET", "/dead-letters?count=2").body());
        assertThat(list).hasSize(2);

        HttpResponse<String> inspected = send("GET", "/dead-letters/rabbit_push_3_333333");
        assertThat(inspected.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(inspected.body()).get("value").asText()).isEqualTo("three");
        JsonNode entry = JSON.readTree(inspected.body()).get("entry");
        assertThat(entry.isObject()).as("the entry is a JSON object, not a JSON string: " + inspected.body()).isTrue();
        assertThat(entry.get("reason").asText()).isEqualTo("push provider rejected it with HTTP 400");
        assertThat(entry.get("responseBody").asText()).isEqualTo("{\"code\":1002}");
        assertThat(send("GET", "/dead-letters/rabbit_push_9_999999").statusCode()).isEqualTo(404);

        HttpResponse<String> requeued = send("POST", "/dead-letters/rabbit_push_3_333333/requeue");
        assertThat(JSON.readTree(requeued.body()).get("requeued").asInt()).isEqualTo(1);
        eventually().until(() -> redis.get("rabbit_push_3_333333") == null);

        HttpResponse<String> purged = send("DELETE", "/dead-letters/rabbit_push_2_222222");
        assertThat(JSON.readTree(purged.body()).get("purged").asInt()).isEqualTo(1);
        assertThat(redis.get("rabbit_push_2_222222")).isNull();

        assertThat(JSON.readTree(send("DELETE", "/dead-letters").body()).get("purged").asInt()).isEqualTo(1);
        assertThat(redis.length("push_dead_letter")).isZero();
        assertThat(redis.get("rabbit_push_1_111111")).isNull();
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aPurgeOrRequeueWithAnEmptyKeyIsRefusedNotTakenForEveryKey() throws Exception {
        PushQueueMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                PushQueueManagement.objectName("redis-push", "push_queue"), PushQueueMXBean.class);

        Throwable overJmx = org.assertj.core.api.Assertions.catchThrowable(() -> bean.purgeDeadLetter(""));
        assertThat(overJmx).as("JMX purge with an empty key").isNotNull();
        assertThat(org.assertj.core.util.Throwables.getRootCause(overJmx) == null ? overJmx.getMessage()
                : org.assertj.core.util.Throwables.getRootCause(overJmx).getMessage()).contains("purge needs a key");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> bean.requeueDeadLetter(" "))).isNotNull();

        HttpResponse<String> blank = send("DELETE", "/dead-letters/%20");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(blank.body()).get("error").asText()).contains("purge needs a key");
        assertThat(send("POST", "/dead-letters/%20/requeue").statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/dead-letters/").statusCode()).as("no key at all").isBetween(400, 499);

        assertThat(redis.length("push_dead_letter")).as("nothing purged or requeued").isEqualTo(3);
        assertThat(redis.get("rabbit_push_1_111111")).isEqualTo("one");
        assertThat(redis.length("push_queue")).isZero();
    }

    @Test
    void findsEntriesWrittenByLuaEvenWhenTheKeyHasASlash() throws Exception {
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_a/b_444444", "slashed");
            // the reaper writes entries with Lua's cjson, which escapes '/' as '\/'
            jedis.eval("return redis.call('LPUSH', KEYS[1], cjson.encode({key = ARGV[1], reason = 'gave up after 5 attempts'}))",
                    java.util.List.of("push_dead_letter"), java.util.List.of("rabbit_push_a/b_444444"));
        }

        HttpResponse<String> inspected = send("GET", "/dead-letters/" + java.net.URLEncoder.encode("rabbit_push_a/b_444444", "UTF-8"));

        assertThat(inspected.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(inspected.body()).get("value").asText()).isEqualTo("slashed");
    }

    @Test
    void aBadOffsetOrCountIs400WithAReasonAndNoStackTrace() throws Exception {
        for (String query : new String[] {"offset=abc", "count=abc", "offset=-1", "count=-5", "offset=1.5", "count=1e3",
            "offset=1&offset=2", "count=%00"}) {
            HttpResponse<String> answer = send("GET", "/dead-letters?" + query);

            assertThat(answer.statusCode()).as(query + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(query)
                    .containsAnyOf("offset must be a whole number", "count must be a whole number");
            assertThat(answer.body()).doesNotContain("Exception", "\tat ", "java.");
            assertThat(answer.headers().map().keySet()).as("nothing of the query echoed").doesNotContain("offset", "count");
        }
    }

    @Test
    void countIsHeldToAThousand() throws Exception {
        try (var jedis = redis.client()) {
            var pipeline = jedis.pipelined();
            for (int i = 0; i < 1200; i++) {
                pipeline.lpush("push_dead_letter", "{\"key\":\"rabbit_push_9_" + (100000 + i) + "\",\"reason\":\"r\"}");
            }
            pipeline.sync();
        }

        assertThat(JSON.readTree(send("GET", "/dead-letters?count=5000").body())).hasSize(1000);
        assertThat(JSON.readTree(send("GET", "/dead-letters?count=99999999999").body())).hasSize(1000);
        assertThat(JSON.readTree(send("GET", "/dead-letters?count=5000&key=rabbit_push_9").body())).hasSize(1000);
        assertThat(JSON.readTree(send("GET", "/dead-letters?offset=1100&count=5000").body())).hasSize(103);
        assertThat(JSON.readTree(send("GET", "/dead-letters").body())).as("100 without a count").hasSize(100);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json"); // without a token, an action is taken only as JSON
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
