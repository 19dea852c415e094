package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.redispush.PushConfiguration;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.PipelineTestSupport;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Transaction;

/**
 * A producer that LPUSHes its key and SETs the value seconds later (push.lookup.missing-horizon-ms): the key is
 * claimed, found without a value, and waits for it in Redis without holding a deliverer; the value, once there, is
 * sent once. The single layout's names; {@link LateValueClusterLayoutTest} runs the same with the cluster layout's.
 */
class LateValueTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "rabbit_push_7_777777";

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.lookup.missing-horizon-ms", "30000");
        // the receiver is counted: a push timed out on a busy machine is sent again (at least once), not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    /** The temp queue's name in this layout; the bookkeeping keys are named after it. */
    protected String tempQueue() {
        return "temp_queue";
    }

    @Test
    void aValueSetFiveSecondsAfterItsKeyIsDeliveredOnce() throws Exception {
        long pushedAt = System.nanoTime();
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", KEY);
        }

        // claimed, found without a value after the grace, waiting for it: no deliverer holds it, no attempt is spent
        eventually().until(() -> isWaiting(KEY));
        assertThat(redis.list(tempQueue())).as("its claim was released").isEmpty();
        assertThat(stat("awaitingValue")).isEqualTo("1");
        JsonNode overview = JSON.readTree(get("/dashboard/api/overview").body());
        assertThat(overview.at("/queues/awaitingValue/depth").asLong()).isEqualTo(1);
        assertThat(overview.at("/queues/awaitingValue/name").asText()).isEqualTo(tempQueue() + ":awaiting-value");
        assertThat(overview.at("/totals/awaitingValue").asLong()).isEqualTo(1);
        assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(new javax.management.ObjectName(
                "io.github.redispush:context=\"" + context.getName() + "\",type=PushQueue,name=\"push_queue\""), "AwaitingValue")).isEqualTo(1L);

        // it stays waiting, unsent and not settled, until the producer's SET 5 s after its LPUSH
        long untilFiveSeconds = Math.max(1, 5000 - (System.nanoTime() - pushedAt) / 1_000_000);
        Awaitility.await().during(Duration.ofMillis(untilFiveSeconds)).atMost(Duration.ofMillis(untilFiveSeconds + 2000))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> isWaiting(KEY) && stat("missing") == null && receiver.getAllServeEvents().isEmpty());
        try (var jedis = redis.client()) {
            jedis.set(KEY, "late but here");
        }

        eventually().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(stat("delivered")) && redis.get(KEY) == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(equalToJson("{\"uid\":\"7\",\"content\":\"late but here\"}", true, true)));
        assertThat(stat("missing")).as("delivered, not missing").isNull();
        assertThat(stat("lateValues")).isEqualTo("1");
        assertThat(stat("awaitingValue")).isEqualTo("0");
        assertThat(isWaiting(KEY)).isFalse();
        try (var jedis = redis.client()) {
            assertThat(jedis.hlen(tempQueue() + ":awaiting-value:since")).isZero();
            assertThat(jedis.hget(tempQueue() + ":attempts", KEY)).as("no attempt spent").isNull();
        }
        assertThat(redis.list("push_queue")).isEmpty();
        assertThat(redis.list(tempQueue())).isEmpty();
        // nothing comes back later: the receiver saw it once, for a few more redeliver passes
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> receiver.getAllServeEvents().size() == 1 && !isWaiting(KEY));
    }

    @Test
    void aKeyQueuedAgainWhileItWaitsIsSentOnce() {
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", KEY);
        }
        eventually().until(() -> isWaiting(KEY));

        // the producer writes the value and queues the key a second time: that copy is sent at once, and the waiting
        // one finds the value gone (or the copy still held) and is not sent again
        redis.phpProducerWrites(KEY, "twice queued");

        eventually().until(() -> "1".equals(stat("delivered")));
        // several checks of the waiting key (1, 2, 4 s...) come and go: none sends it again, none queues it again
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.getAllServeEvents().size() == 1 && "1".equals(stat("delivered")) && redis.length("push_queue") == 0);
        assertThat(redis.get(KEY)).isNull();
        assertThat(stat("missing")).isNull();
    }

    @Test
    void aClaimWithoutAValueLeftByADeadWorkerWaitsForItsValue() {
        try (var jedis = redis.client()) {
            // a worker killed during the lookup's grace period: its claim in the temp queue, its lease long expired
            // (one transaction: the leftover scan would adopt an entry it saw in the temp queue without its lease)
            Transaction claim = jedis.multi();
            claim.lpush(tempQueue(), KEY);
            claim.zadd(tempQueue() + ":leases", 1, KEY);
            claim.hset(tempQueue() + ":tokens", KEY, "dead-worker");
            claim.exec();
        }

        eventually().until(() -> isWaiting(KEY));
        assertThat(redis.list(tempQueue())).isEmpty();
        assertThat(stat("dropped")).as("not dropped as delivered").isNull();
        try (var jedis = redis.client()) {
            jedis.set(KEY, "after the worker died");
        }

        eventually().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(stat("delivered")) && redis.get(KEY) == null);
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(equalToJson("{\"content\":\"after the worker died\"}", true, true)));
        assertThat(stat("missing")).isNull();
        assertThat(stat("awaitingValue")).isEqualTo("0");
    }

    @Test
    void aKeyWaitingForItsValueSurvivesARestart() throws Exception {
        try (var jedis = redis.client()) {
            jedis.lpush("push_queue", KEY);
        }
        eventually().until(() -> isWaiting(KEY));

        context.stop();
        assertThat(isWaiting(KEY)).as("the wait is in Redis, not in the stopped pipeline").isTrue();
        try (var jedis = redis.client()) {
            jedis.set(KEY, "written while no worker ran");
        }

        Main restarted = new Main();
        restarted.configure().addConfiguration(PushConfiguration.class);
        restarted.configure().withRoutesIncludePattern("file:routes/*.yaml,file:routes/providers/*.yaml");
        properties().forEach((name, value) -> restarted.addOverrideProperty((String) name, (String) value));
        restarted.start();
        try {
            eventually().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(stat("delivered")) && redis.get(KEY) == null);
            receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(equalToJson("{\"content\":\"written while no worker ran\"}", true, true)));
            assertThat(stat("missing")).isNull();
            assertThat(stat("awaitingValue")).isEqualTo("0");
            assertThat(isWaiting(KEY)).isFalse();
        } finally {
            IdleWorkers.release(restarted.getCamelContext(), this::unblockBlockingPops);
            restarted.stop();
        }
    }

    private boolean isWaiting(String key) {
        try (var jedis = redis.client()) {
            return jedis.zscore(tempQueue() + ":awaiting-value", key) != null;
        }
    }

    private String stat(String counter) {
        try (var jedis = redis.client()) {
            return jedis.hget(tempQueue() + ":stats", counter);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
