package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.redispush.faults.DeliveryLedger;
import io.github.redispush.support.ClusterPipelineTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A backlog written by PHP-style producers onto a real three-master Redis Cluster drains through the pipeline in the
 * cluster layout: the message keys spread over every master, the bookkeeping shares the push queue's slot, and the
 * receiver sees each push exactly once.
 */
class ClusterDrainTest extends ClusterPipelineTestSupport {

    private static final int MESSAGES = 3000;

    @Test
    void aBacklogSpreadOverThreeMastersIsDeliveredOnceEach() {
        List<String> sent = phpProducerWrites(MESSAGES, "7");
        Map<Integer, Long> perMaster = sent.stream().collect(Collectors.groupingBy(cluster::masterOf, Collectors.counting()));
        assertThat(perMaster).as("message keys on every master").containsOnlyKeys(0, 1, 2);
        for (int master = 0; master < 3; master++) {
            try (var node = cluster.node(master)) {
                assertThat(node.dbSize()).as("keys stored on master " + master).isPositive();
            }
        }

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> jedis.llen(PUSH_QUEUE) == 0 && jedis.llen(TEMP_QUEUE) == 0 && jedis.zcard(LEASES) == 0
                        && String.valueOf(MESSAGES).equals(stat("delivered")));

        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("ClusterDrainTest", sent, "masters=3, keys per master=" + perMaster));
        assertThat(ledger.lost(sent)).as("lost").isZero();
        assertThat(ledger.duplicated()).as("duplicated").isZero();
        assertThat(jedis.hlen(TOKENS)).isZero();
        assertThat(jedis.llen(DEAD_LETTERS)).isZero();
        assertThat(sent.stream().filter(key -> jedis.exists(key)).count()).as("values left").isZero();
    }

    @Test
    void theIntakeWritesValueThenKeyAndTheyAreDelivered() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/push"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[{\"uid\":\"42\",\"content\":\"one\"},{\"uid\":\"43\",\"content\":\"two\"}]"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(stat("delivered")));
        assertThat(jedis.llen(TEMP_QUEUE)).isZero();
        Function<String, Long> contentCount = text -> receiver.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains(text)).count();
        assertThat(contentCount.apply("one")).isEqualTo(1);
        assertThat(contentCount.apply("two")).isEqualTo(1);
    }
}
