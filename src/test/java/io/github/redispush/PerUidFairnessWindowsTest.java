package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * push.rate.per-uid at 10 a second: of 40 queued for one uid, 10 go at once and 30 wait in the schedule, 10 to each
 * of the uid's next three windows; every one is delivered once, none before its window, the other uids' pushes
 * without waiting, and nothing is left behind (single layout; {@link PerUidFairnessOnClusterTest} on a Redis Cluster).
 */
class PerUidFairnessWindowsTest extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.rate.per-uid", "10/1s");
        // the receiver is counted: a push timed out on a busy machine is sent again (at least once), not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    @Test
    void deferredPushesGoOutInTheirWindowsOnceEach() throws Exception {
        long before = System.currentTimeMillis();
        try (Jedis jedis = redis.client()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 50; i++) {
                String key = i < 40 ? "rabbit_push_busy_" + (100000 + i) : "rabbit_push_v" + i + "_" + (100000 + i);
                pipeline.lpush("push_queue", key);
                pipeline.set(key, "message " + i);
            }
            pipeline.sync();
        }

        eventually().atMost(Duration.ofSeconds(30)).until(() -> receiver.getAllServeEvents().size() >= 50 && zcard("temp_queue:scheduled") == 0);

        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        assertThat(events.stream().map(PerUidFairnessWindowsTest::keyOf)).as("each once").hasSize(50).doesNotHaveDuplicates();
        List<ServeEvent> busy = events.stream().filter(e -> keyOf(e).contains("_busy_")).toList();
        assertThat(busy).hasSize(40);
        for (int i = 0; i < busy.size(); i++) {
            // the uid's windows open a second apart from its first push on (Redis's clock and the receiver's are this machine's)
            assertThat(busy.get(i).getRequest().getLoggedDate().getTime()).as("push " + (i + 1) + " of the busy uid, not before its window")
                    .isGreaterThanOrEqualTo(before + (i / 10) * 1000L - 5);
        }
        try (Jedis jedis = redis.client()) {
            // 30 over the first window on a machine that claims the 40 within it; fewer where windows pass while it
            // claims (a loaded machine): the windows above are what the limit promises, and each deferral is released once
            String deferred = jedis.hget("temp_queue:stats", "deferredPerUid");
            assertThat(Long.parseLong(deferred)).as("deferred").isBetween(1L, 30L);
            assertThat(jedis.hget("temp_queue:stats", "scheduledReleased")).as("each deferred push released once").isEqualTo(deferred);
            assertThat(jedis.zcard("temp_queue:deferred")).as("every reservation used").isZero();
            assertThat(jedis.llen("push_dead_letter")).isZero();
            assertThat(jedis.llen("push_queue") + jedis.llen("temp_queue")).isZero();
        }
    }

    private long zcard(String key) {
        try (Jedis jedis = redis.client()) {
            return jedis.zcard(key);
        }
    }

    private static String keyOf(ServeEvent event) {
        try {
            return JSON.readTree(event.getRequest().getBodyAsString()).get("key").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
