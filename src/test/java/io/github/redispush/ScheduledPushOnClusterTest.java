package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.support.ClusterPipelineTestSupport;
import org.junit.jupiter.api.Test;

/**
 * On a real three-master Redis Cluster: a batch of scheduled pushes (the values in their own slots, the schedule under
 * the push queue's hash tag) waits its time, one is cancelled (its value deleted in its own slot), and the others are
 * delivered once, none before its time.
 */
class ScheduledPushOnClusterTest extends ClusterPipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEDULE = TEMP_QUEUE + ":scheduled";

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        // the receiver is counted: a push timed out on a busy machine is sent again (at least once), not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    @Test
    void scheduledPushesWaitTheirTimeOneIsCancelledAndTheOthersAreDeliveredOnce() throws Exception {
        long before = System.currentTimeMillis();
        String answer = (String) template.requestBody("direct:intake", "["
                + "{\"uid\": \"c1\", \"content\": \"one\", \"delayMs\": 2000},"
                + "{\"uid\": \"c2\", \"content\": \"two\", \"delayMs\": 2000},"
                + "{\"uid\": \"c3\", \"content\": \"three\", \"sendAt\": " + (before + 2000) + "}]");
        List<String> keys = new ArrayList<>();
        JSON.readTree(answer).get("queued").forEach(k -> keys.add(k.asText()));
        assertThat(keys).hasSize(3);
        assertThat(jedis.zcard(SCHEDULE)).isEqualTo(3);
        assertThat(keys).allMatch(k -> jedis.get(k) != null);
        assertThat(jedis.llen(PUSH_QUEUE)).isZero();

        PushQueueStore store = context.getRegistry().lookupByNameAndType("push.pushQueueStore", PushQueueStore.class);
        assertThat(store.cancelScheduled(keys.get(1))).isEqualTo(PushQueueStore.Cancel.CANCELLED);
        assertThat(jedis.get(keys.get(1))).as("its value deleted, in its own slot").isNull();
        assertThat(store.nextScheduledDue()).isNotNull();

        eventually().atMost(Duration.ofSeconds(30)).until(() -> jedis.get(keys.get(0)) == null && jedis.get(keys.get(2)) == null);
        for (String key : List.of(keys.get(0), keys.get(2))) {
            List<ServeEvent> sent = delivered(key);
            assertThat(sent).as(key + " delivered once").hasSize(1);
            assertThat(sent.get(0).getRequest().getLoggedDate().getTime()).as("not before its time").isGreaterThanOrEqualTo(before + 2000);
        }
        receiver.verify(2, postRequestedFor(urlEqualTo("/push")));
        assertThat(delivered(keys.get(1))).isEmpty();
        assertThat(stat("scheduledReleased")).isEqualTo("2");
        assertThat(stat("scheduledCancelled")).isEqualTo("1");
        assertThat(store.cancelScheduled(keys.get(0))).as("delivered already").isEqualTo(PushQueueStore.Cancel.NOT_SCHEDULED);
        assertThat(jedis.exists(SCHEDULE)).isFalse();
    }

    private static List<ServeEvent> delivered(String key) {
        return receiver.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains("\"" + key + "\"")).toList();
    }
}
