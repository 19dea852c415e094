package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.management.JMX;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.management.PushQueueMXBean;
import io.github.redispush.management.PushQueueManagement;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.support.PipelineTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pushes with a send time (sendAt or delayMs at the intake) wait in Redis ({@code <temp queue>:scheduled}) and are
 * delivered once, not before their time and within a second of it; one in the past is queued at once; a far or
 * unreadable time is a 400 that writes nothing; without a send time nothing extra is written; a scheduled push is
 * cancelled by key over HTTP (behind the ops token) and JMX, and a cancel racing the release never lets both win.
 * The single layout's names; {@link ScheduledPushClusterLayoutTest} runs the same with the cluster layout's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledPushTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPS_TOKEN = "Bearer scheduled-ops-token";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.ops.token", OPS_TOKEN.substring("Bearer ".length()));
        // the receiver is counted: a push timed out on a busy machine is sent again (at least once), not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    /** The temp queue's name in this layout; the schedule is named after it. */
    protected String tempQueue() {
        return "temp_queue";
    }

    private String schedule() {
        return tempQueue() + ":scheduled";
    }

    @Test
    void aDelayedPushIsDeliveredOnceNotBeforeItsTimeAndWithinASecondOfIt() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> answer = push("{\"uid\": \"41\", \"content\": \"later\", \"delayMs\": 2000}");
        long answered = System.currentTimeMillis();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String key = JSON.readTree(answer.body()).get("queued").get(0).asText();

        assertThat(redis.get(key)).as("the value is SET as the PHP producer would").isEqualTo("later");
        assertThat(zscore(key)).as("waiting in the schedule").isNotNull();
        assertThat(zscore(key).longValue()).isBetween(before + 2000 - 50, answered + 2000 + 50);
        assertThat(redis.length("push_queue")).isZero();

        Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20)).until(() -> zscore(key) == null);
        long released = System.currentTimeMillis();
        assertThat(released).as("not released before its time").isGreaterThanOrEqualTo(before + 2000);
        assertThat(released - (answered + 2000)).as("released within a second of its time").isLessThan(1000);

        eventually().until(() -> redis.get(key) == null);
        assertThat(delivered(key)).as("delivered once").hasSize(1);
        assertThat(delivered(key).get(0).getRequest().getLoggedDate().getTime()).isGreaterThanOrEqualTo(before + 2000);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push"))
                .withRequestBody(equalToJson("{\"uid\":\"41\",\"content\":\"later\",\"key\":\"" + key + "\"}", true, true)));
        assertThat(stat("scheduledReleased")).isEqualTo("1");
    }

    @Test
    void sendAtAsEpochMillisOrIsoInstantWaitsWhileAPushWithoutATimeInTheSameBatchGoesAtOnce() throws Exception {
        long at = System.currentTimeMillis() + 1500;
        HttpResponse<String> answer = push("[{\"uid\": \"1\", \"content\": \"epoch\", \"sendAt\": " + at + "},"
                + "{\"uid\": \"2\", \"content\": \"iso\", \"sendAt\": \"" + Instant.ofEpochMilli(at) + "\"},"
                + "{\"uid\": \"3\", \"content\": \"now\"}]");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode keys = JSON.readTree(answer.body()).get("queued");
        assertThat(keys).hasSize(3);
        assertThat(zscore(keys.get(0).asText())).isEqualTo((double) at);
        assertThat(zscore(keys.get(1).asText())).isEqualTo((double) at);

        eventually().until(() -> redis.get(keys.get(2).asText()) == null);
        assertThat(System.currentTimeMillis()).as("the one without a time did not wait").isLessThan(at);
        eventually().until(() -> redis.get(keys.get(0).asText()) == null && redis.get(keys.get(1).asText()) == null);
        for (int i = 0; i < 2; i++) {
            List<ServeEvent> sent = delivered(keys.get(i).asText());
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).getRequest().getLoggedDate().getTime()).as("not before sendAt").isGreaterThanOrEqualTo(at);
        }
        receiver.verify(3, postRequestedFor(urlEqualTo("/push")));
    }

    @Test
    void aSendTimeInThePastIsQueuedAtOnce() throws Exception {
        HttpResponse<String> answer = push("{\"uid\": \"5\", \"content\": \"overdue\", \"sendAt\": " + (System.currentTimeMillis() - 60000) + "}");
        // an ISO-8601 instant written with its offset is read too
        String withOffset = java.time.OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis() - 60000),
                java.time.ZoneOffset.ofHours(1)).toString();
        HttpResponse<String> alsoPast = push("{\"uid\": \"5\", \"content\": \"overdue too\", \"sendAt\": \"" + withOffset + "\"}");
        String other = keyOf(alsoPast);
        assertThat(zscore(other)).isNull();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String key = JSON.readTree(answer.body()).get("queued").get(0).asText();
        assertThat(zscore(key)).as("never in the schedule").isNull();
        eventually().until(() -> redis.get(key) == null && redis.get(other) == null);
        assertThat(delivered(key)).hasSize(1);
        assertThat(delivered(other)).hasSize(1);
    }

    @Test
    void aFarOrUnreadableSendTimeIs400WithAReasonAndWritesNothing() throws Exception {
        long farFuture = System.currentTimeMillis() + Duration.ofDays(31).toMillis();
        Map<String, String> refusals = new HashMap<>();
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"sendAt\": " + farFuture + "}", "push.schedule.max-delay-days");
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"delayMs\": " + Duration.ofDays(31).toMillis() + "}", "push.schedule.max-delay-days");
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"sendAt\": \"tomorrow at nine\"}", "sendAt must be epoch milliseconds or an ISO-8601 instant");
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"sendAt\": -5}", "sendAt must be epoch milliseconds");
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"delayMs\": -5}", "delayMs must be a whole number");
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"delayMs\": 1.5}", "delayMs must be a whole number");
        refusals.put("{\"uid\": \"6\", \"content\": \"x\", \"delayMs\": 10, \"sendAt\": 10}", "not both");
        // a batch is refused whole: the first, valid, message is not written either
        refusals.put("[{\"uid\": \"7\", \"content\": \"fine\", \"delayMs\": 1000}, {\"uid\": \"8\", \"content\": \"x\", \"sendAt\": \"2026-13-45\"}]",
                "message 1: sendAt must be");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> answer = push(refusal.getKey());
            assertThat(answer.statusCode()).as(refusal.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(refusal.getKey()).contains(refusal.getValue());
        }
        assertThat(pushKeys()).as("no value written").isEmpty();
        assertThat(exists(schedule())).isFalse();
        assertThat(redis.length("push_queue")).isZero();
    }

    @Test
    void withoutASendTimeNothingChangesAndNothingExtraIsWritten() throws Exception {
        HttpResponse<String> answer = push("{\"uid\": \"9\", \"content\": \"plain\"}");
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body()).fieldNames()).toIterable().containsExactly("queued");
        String viaDirect = (String) template.requestBody("direct:intake", "{\"uid\": \"10\", \"content\": \"plain too\"}");
        assertThat(JSON.readTree(viaDirect).get("queued")).hasSize(1);
        eventually().until(() -> pushKeys().isEmpty());
        receiver.verify(2, postRequestedFor(urlEqualTo("/push")));
        assertThat(exists(schedule())).as("no schedule key when nothing is scheduled").isFalse();
        assertThat(stat("scheduledReleased")).isNull();
    }

    @Test
    void directIntakeTakesASendTimeToo() throws Exception {
        String answer = (String) template.requestBody("direct:intake", "{\"uid\": \"11\", \"content\": \"direct\", \"delayMs\": 1000}");
        String key = JSON.readTree(answer).get("queued").get(0).asText();
        assertThat(zscore(key)).isNotNull();
        eventually().until(() -> redis.get(key) == null);
        assertThat(delivered(key)).hasSize(1);
    }

    @Test
    void cancelOverHttpBehindTheOpsToken() throws Exception {
        String key = keyOf(push("{\"uid\": \"12\", \"content\": \"never\", \"delayMs\": 1500}"));
        long due = zscore(key).longValue();

        assertThat(cancel(key, null).statusCode()).as("without the ops token").isEqualTo(401);
        assertThat(zscore(key)).isNotNull();

        HttpResponse<String> cancelled = cancel(key, OPS_TOKEN);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("outcome").asText()).isEqualTo("CANCELLED");
        assertThat(zscore(key)).isNull();
        assertThat(redis.get(key)).as("its value is deleted").isNull();
        assertThat(stat("scheduledCancelled")).isEqualTo("1");

        HttpResponse<String> again = cancel(key, OPS_TOKEN);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(again.body()).get("reason").asText()).contains("no scheduled push with this key");

        // past its time and a release pass or two more: never sent
        long untilDuePlusPasses = Math.max(1, due + 1000 - System.currentTimeMillis());
        Awaitility.await().during(Duration.ofMillis(untilDuePlusPasses)).atMost(Duration.ofMillis(untilDuePlusPasses + 2000))
                .pollInterval(Duration.ofMillis(100)).until(() -> receiver.getAllServeEvents().isEmpty());
    }

    @Test
    void aCancelOfAReleasedPushSaysItWillBeSent() throws Exception {
        context.getRouteController().suspendRoute("reliable-move");
        String key = keyOf(push("{\"uid\": \"13\", \"content\": \"on its way\", \"delayMs\": 300}"));
        eventually().until(() -> redis.list("push_queue").contains(key));

        HttpResponse<String> late = cancel(key, OPS_TOKEN);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(JSON.readTree(late.body()).get("reason").asText()).contains("released to the push queue");

        context.getRouteController().resumeRoute("reliable-move");
        eventually().until(() -> redis.get(key) == null);
        assertThat(delivered(key)).hasSize(1);
    }

    @Test
    void overJmxAndInTheOverview() throws Exception {
        PushQueueMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                PushQueueManagement.objectName("redis-push", "push_queue"), PushQueueMXBean.class);
        assertThat(bean.getScheduledPushes()).isZero();
        assertThat(bean.getNextScheduledDue()).isZero();

        String first = keyOf(push("{\"uid\": \"14\", \"content\": \"a\", \"delayMs\": 2500}"));
        String second = keyOf(push("{\"uid\": \"15\", \"content\": \"b\", \"delayMs\": 3000}"));
        assertThat(bean.getScheduledPushes()).isEqualTo(2);
        assertThat(bean.getNextScheduledDue()).isEqualTo(zscore(first).longValue());

        JsonNode scheduled = JSON.readTree(send("GET", "/dashboard/api/overview", OPS_TOKEN).body()).get("queues").get("scheduled");
        assertThat(scheduled.get("name").asText()).isEqualTo(schedule());
        assertThat(scheduled.get("depth").asLong()).isEqualTo(2);
        assertThat(scheduled.get("nextDueAt").asLong()).isEqualTo(zscore(first).longValue());

        assertThat(bean.cancelScheduledPush(first)).isEqualTo("CANCELLED");
        assertThat(bean.cancelScheduledPush(first)).isEqualTo("NOT_SCHEDULED");
        try (var jedis = redis.client()) {
            jedis.set("some_config", "x");
        }
        assertThat(bean.cancelScheduledPush("some_config")).as("not a push key: never scheduled, left alone").isEqualTo("NOT_SCHEDULED");
        assertThat(redis.get("some_config")).isEqualTo("x");
        assertThat(redis.get(first)).isNull();
        assertThat(bean.getScheduledPushes()).isEqualTo(1);

        eventually().until(() -> redis.get(second) == null);
        assertThat(bean.cancelScheduledPush(second)).as("delivered already").isEqualTo("NOT_SCHEDULED");
        assertThat(delivered(second)).hasSize(1);
        assertThat(delivered(first)).isEmpty();
        assertThat(bean.getNextScheduledDue()).isZero();
    }

    /**
     * 200 pushes due 5 ms apart (over a second), cancelled one by one, the latest due first, from the middle of that second
     * while the release route moves them: each is either cancelled and never sent, or released (the cancel says so) and sent once.
     */
    @Test
    void aCancelRacingTheReleaseNeverLetsBothWin() throws Exception {
        PushQueueStore store = context.getRegistry().lookupByNameAndType("push.pushQueueStore", PushQueueStore.class);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"uid\": \"r").append(i).append("\", \"content\": \"race\", \"delayMs\": ").append(800 + 5 * i).append('}');
        }
        List<String> keys = new ArrayList<>();
        JSON.readTree(push(batch.append("]").toString()).body()).get("queued").forEach(k -> keys.add(k.asText()));
        assertThat(keys).hasSize(200);

        // start cancelling when about half are due: the first ones are released, the last ones still wait
        long due = zscore(keys.get(0)).longValue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> System.currentTimeMillis() >= due + 500);
        // the latest due first: those still wait, while the earliest are released by then
        long started = System.currentTimeMillis();
        Map<String, PushQueueStore.Cancel> outcomes = new HashMap<>();
        for (int i = keys.size() - 1; i >= 0; i--) {
            outcomes.put(keys.get(i), store.cancelScheduled(keys.get(i)));
        }
        long took = System.currentTimeMillis() - started;
        eventually().until(() -> redis.length("push_queue") == 0 && redis.length(tempQueue()) == 0 && pushKeys().isEmpty());

        long cancelled = outcomes.values().stream().filter(o -> o == PushQueueStore.Cancel.CANCELLED).count();
        System.out.println("cancel race: 200 scheduled, " + cancelled + " cancelled, " + (200 - cancelled) + " released first; cancels from "
                + (started - due) + " ms after the first was due, for " + took + " ms");
        assertThat(cancelled).as("some cancelled before their release").isPositive();
        assertThat(cancelled).as("some released before their cancel").isLessThan(200);
        for (String key : keys) {
            int sent = delivered(key).size();
            if (outcomes.get(key) == PushQueueStore.Cancel.CANCELLED) {
                assertThat(sent).as(key + " cancelled, never sent").isZero();
            } else {
                assertThat(outcomes.get(key)).as(key).isIn(PushQueueStore.Cancel.ALREADY_RELEASED, PushQueueStore.Cancel.NOT_SCHEDULED);
                assertThat(sent).as(key + " released, sent once").isEqualTo(1);
            }
        }
        assertThat(exists(schedule())).isFalse();
    }

    private String stat(String counter) {
        try (var jedis = redis.client()) {
            return jedis.hget(tempQueue() + ":stats", counter);
        }
    }

    private Double zscore(String key) {
        try (var jedis = redis.client()) {
            return jedis.zscore(schedule(), key);
        }
    }

    private boolean exists(String key) {
        try (var jedis = redis.client()) {
            return jedis.exists(key);
        }
    }

    private java.util.Set<String> pushKeys() {
        try (var jedis = redis.client()) {
            return jedis.keys("rabbit_push_*");
        }
    }

    private static List<ServeEvent> delivered(String key) {
        return receiver.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains("\"" + key + "\"")).toList();
    }

    private static String keyOf(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).get("queued").get(0).asText();
    }

    private HttpResponse<String> push(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> cancel(String key, String authorization) throws Exception {
        return send("DELETE", "/scheduled/" + key, authorization);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
