package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.github.redispush.ops.PipelineOperations;
import io.github.redispush.support.ClusterPipelineTestSupport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * On a real three-master Redis Cluster: the history, under the push queue's hash tag, is written by the cluster
 * scripts in the slot of the bookkeeping keys (a script touching another slot would fail), for a delivered and a
 * dead-lettered push whose values live on other masters, and the search finds each by uid.
 */
class DeliveryHistoryOnClusterTest extends ClusterPipelineTestSupport {

    private static final String HISTORY = TEMP_QUEUE + ":history";

    @Override
    protected java.util.Properties properties() {
        java.util.Properties p = super.properties();
        p.put("push.history.enabled", "true");
        return p;
    }

    @Override
    protected void stubReceiver() {
        receiver.stubFor(post("/push").willReturn(ok("{\"code\":200}")));
        receiver.stubFor(post("/push").withRequestBody(matchingJsonPath("$.uid", equalTo("62")))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"no such device\"}")));
    }

    @Test
    void aDeliveredAndADeadLetteredPushAreInTheHistory() {
        phpProducerWrites("rabbit_push_61_100001", "for 61");
        phpProducerWrites("rabbit_push_62_100002", "for 62");

        eventually().until(() -> jedis.exists(HISTORY) && jedis.xlen(HISTORY) == 2);
        List<StreamEntry> entries = jedis.xrange(HISTORY, (StreamEntryID) null, (StreamEntryID) null);
        assertThat(entries).extracting(e -> e.getFields().get("result").split("\\|")[0]).containsExactlyInAnyOrder("delivered", "dead-lettered");

        PipelineOperations operations = context.getRegistry().lookupByNameAndType("push.pipelineOperations", PipelineOperations.class);
        Map<String, Object> for61 = operations.deliveries(null, "61", null, null);
        List<Map<String, Object>> found61 = entries(for61);
        assertThat(found61).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("outcome", "delivered").containsEntry("key", "rabbit_push_61_100001").containsEntry("status", 200L));
        Map<String, Object> for62 = operations.deliveries(null, null, "rabbit_push_62_100002", "5");
        assertThat(entries(for62)).singleElement().satisfies(entry -> assertThat(entry)
                .containsEntry("outcome", "dead-lettered").containsEntry("uid", "62").containsEntry("status", 400L));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("entries");
    }
}
