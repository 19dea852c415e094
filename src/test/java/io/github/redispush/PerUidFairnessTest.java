package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.ops.PipelineOperations;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.resps.Tuple;

/**
 * push.rate.per-uid: a uid over its limit has its pushes deferred to the schedule, spread over its next windows, so
 * the other uids' pushes queued behind its backlog are delivered first; nothing is dropped, dead-lettered or deferred
 * twice. The single layout's names; {@link PerUidFairnessClusterLayoutTest} runs the same with the cluster layout's,
 * and {@link PerUidFairnessWindowsTest} sees the deferred pushes go out in their windows.
 */
class PerUidFairnessTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The figures: 10,000 queued for one uid, then 100 for others. */
    private static final int NOISY = 10_000;
    private static final int OTHERS = 100;

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.rate.per-uid", "50/1h");
        p.put("push.delivery.log-level", "DEBUG");
        // the receiver is counted: a push timed out on a busy machine is sent again (at least once), not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    /** The temp queue's name in this layout; the schedule and the per-uid keys are named after it. */
    protected String tempQueue() {
        return "temp_queue";
    }

    /**
     * An hour's window, so that in this test none of the noisy uid's pushes beyond its first 50 can be due: the 100 others,
     * queued behind its 10,000, are all delivered while those wait in the schedule, 50 to each of the next 199 windows,
     * each deferred once, its value intact.
     */
    @Test
    void aNoisyUidsBacklogWaitsInTheScheduleWhileTheOthersAreDelivered() throws Exception {
        long before = System.currentTimeMillis();
        List<String> noisy = new ArrayList<>(NOISY);
        List<String> others = new ArrayList<>(OTHERS);
        try (Jedis jedis = redis.client()) {
            Pipeline pipeline = jedis.pipelined();
            // the PHP producer's way, the noisy uid's backlog first (the oldest: claimed first), then ten other uids'
            for (int i = 0; i < NOISY + OTHERS; i++) {
                String key = i < NOISY ? "rabbit_push_noisy_" + (100000 + i) : "rabbit_push_u" + (i % 10) + "_" + (100000 + i);
                (i < NOISY ? noisy : others).add(key);
                pipeline.lpush("push_queue", key);
                pipeline.set(key, "message " + i);
            }
            pipeline.sync();
        }

        eventually().atMost(Duration.ofSeconds(90)).until(() -> delivered().size() == 50 + OTHERS
                && zcard(schedule()) == NOISY - 50 && redis.length("push_queue") == 0 && redis.length(tempQueue()) == 0);

        List<String> sent = delivered();
        assertThat(sent).as("the others, all of them, once each").containsAll(others).doesNotHaveDuplicates();
        assertThat(sent.stream().filter(k -> k.contains("_noisy_"))).as("the noisy uid: its first window's 50").hasSize(50);
        try (Jedis jedis = redis.client()) {
            List<Tuple> waiting = jedis.zrangeWithScores(schedule(), 0, -1);
            Map<Long, Long> perWindow = waiting.stream().collect(Collectors.groupingBy(t -> (long) t.getScore(), TreeMap::new, Collectors.counting()));
            assertThat(perWindow).as("spread over the next 199 windows, 50 each").hasSize(199).allSatisfy((due, count) -> assertThat(count).isEqualTo(50));
            List<Long> dues = new ArrayList<>(perWindow.keySet());
            for (int i = 1; i < dues.size(); i++) {
                assertThat(dues.get(i) - dues.get(i - 1)).as("one window apart").isEqualTo(3_600_000L);
            }
            assertThat(dues.get(0)).as("the first due when the uid's second window opens").isBetween(before + 3_600_000L, System.currentTimeMillis() + 3_600_000L);
            assertThat(waiting).allSatisfy(t -> assertThat(t.getElement()).contains("_noisy_"));
            assertThat(jedis.zrangeWithScores(tempQueue() + ":deferred", 0, -1)).as("each one's slot reserved").containsExactlyInAnyOrderElementsOf(waiting);
            assertThat(jedis.hgetAll(tempQueue() + ":uid-window:noisy")).as("the uid's last window, full")
                    .containsEntry("start", Long.toString(dues.get(dues.size() - 1))).containsEntry("used", "50");
            assertThat(jedis.exists(noisy.toArray(String[]::new))).as("the values of the waiting ones").isEqualTo(NOISY - 50);
            assertThat(jedis.exists(tempQueue() + ":uid-window:u1")).as("each other uid's window, still open").isTrue();
        }
        assertThat(redis.length("push_dead_letter")).isZero();
        assertThat(zcard(tempQueue() + ":leases")).isZero();
        assertThat(stat("deferredPerUid")).as("none deferred twice").isEqualTo(Integer.toString(NOISY - 50));
        assertThat(stat("delivered")).isEqualTo(Integer.toString(50 + OTHERS));
        PushQueueStore store = context.getRegistry().lookupByNameAndType("push.pushQueueStore", PushQueueStore.class);
        assertThat(store.deferredPerUid()).isEqualTo(NOISY - 50);
        assertThat(store.scheduledPushes()).isEqualTo(NOISY - 50);
        Map<?, ?> scheduled = (Map<?, ?>) ((Map<?, ?>) context.getRegistry().lookupByNameAndType("push.pipelineOperations", PipelineOperations.class)
                .overview(null).get("queues")).get("scheduled");
        assertThat(scheduled.get("deferredPerUid")).as("on the dashboard's Scheduled card").isEqualTo((long) NOISY - 50);
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("redis_push_deferred_per_uid(\\{[^}]*\\})? 9950\\.0");
    }

    private String schedule() {
        return tempQueue() + ":scheduled";
    }

    private long zcard(String key) {
        try (Jedis jedis = redis.client()) {
            return jedis.zcard(key);
        }
    }

    private String stat(String counter) {
        try (Jedis jedis = redis.client()) {
            return jedis.hget(tempQueue() + ":stats", counter);
        }
    }

    private static List<String> delivered() {
        return receiver.getAllServeEvents().stream().map(PerUidFairnessTest::keyOf).toList();
    }

    private static String keyOf(ServeEvent event) {
        try {
            return JSON.readTree(event.getRequest().getBodyAsString()).get("key").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
