package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.support.ClusterPipelineTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * push.rate.per-uid on a real three-master Redis Cluster: the deferral (deferOverUidLimit-8 with the push key as an
 * argument) and each uid's window under the push queue's hash tag, the values in their own slots. At 10 a second, 30 of
 * one uid's 40 wait in the schedule and go out in its next three windows; every push is delivered once, none lost.
 */
class PerUidFairnessOnClusterTest extends ClusterPipelineTestSupport {

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
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = "rabbit_push_busy_" + (200000 + i);
            phpProducerWrites(key, "message " + i);
            busy.add(key);
        }
        for (int i = 0; i < 5; i++) {
            phpProducerWrites("rabbit_push_w" + i + "_" + (300000 + i), "other " + i);
        }
        String window = TEMP_QUEUE + ":uid-window:busy";
        eventually().until(() -> jedis.exists(window));
        assertThat(JedisClusterCRC16.getSlot(window)).isEqualTo(JedisClusterCRC16.getSlot(PUSH_QUEUE));

        eventually().atMost(Duration.ofSeconds(30)).until(() -> receiver.getAllServeEvents().size() >= 45 && jedis.zcard(TEMP_QUEUE + ":scheduled") == 0);

        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        assertThat(events.stream().map(PerUidFairnessOnClusterTest::keyOf)).as("each once").hasSize(45).doesNotHaveDuplicates();
        List<ServeEvent> sentToBusy = events.stream().filter(e -> busy.contains(keyOf(e))).toList();
        assertThat(sentToBusy).hasSize(40);
        for (int i = 0; i < sentToBusy.size(); i++) {
            assertThat(sentToBusy.get(i).getRequest().getLoggedDate().getTime()).as("push " + (i + 1) + " of the busy uid, not before its window")
                    .isGreaterThanOrEqualTo(before + (i / 10) * 1000L - 5);
        }
        assertThat(stat("deferredPerUid")).as("30 deferred, each once").isEqualTo("30");
        assertThat(jedis.zcard(TEMP_QUEUE + ":deferred")).as("every reservation used").isZero();
        assertThat(jedis.llen(DEAD_LETTERS)).isZero();
        // the last answers' acknowledgements may still be on their way when the receiver has counted them
        eventually().alias("queues empty, every busy value deleted").until(() -> jedis.llen(PUSH_QUEUE) + jedis.llen(TEMP_QUEUE) == 0 && busy.stream().noneMatch(jedis::exists));
    }

    private static String keyOf(ServeEvent event) {
        try {
            return JSON.readTree(event.getRequest().getBodyAsString()).get("key").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
