package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import io.github.redispush.support.ClusterPipelineTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * On a real three-master Redis Cluster: a key LPUSHed 5 s before its value is SET (the message key in another slot
 * than the push queue) waits for it under the push queue's hash tag, and is delivered once when it comes; one whose
 * value never comes is counted as missing after push.lookup.missing-horizon-ms.
 */
class LateValueOnClusterTest extends ClusterPipelineTestSupport {

    private static final String AWAITING = TEMP_QUEUE + ":awaiting-value";

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.lookup.missing-horizon-ms", "15000");
        // the receiver is counted: a push timed out on a busy machine is sent again (at least once), not what this tests
        p.put("camel.component.http.response-timeout", "10000");
        p.put("camel.component.http.so-timeout", "10000");
        return p;
    }

    @Test
    void aValueSetFiveSecondsAfterItsKeyIsDeliveredOnceAndOneNeverSetIsMissingAfterTheHorizon() {
        long pushedAt = System.nanoTime();
        jedis.lpush(PUSH_QUEUE, "rabbit_push_5_555555", "rabbit_push_6_666666");

        eventually().until(() -> jedis.zcard(AWAITING) == 2);
        assertThat(stat("awaitingValue")).isEqualTo("2");
        assertThat(jedis.llen(TEMP_QUEUE)).as("no deliverer holds them while they wait").isZero();

        long untilFiveSeconds = Math.max(1, 5000 - (System.nanoTime() - pushedAt) / 1_000_000);
        Awaitility.await().during(Duration.ofMillis(untilFiveSeconds)).atMost(Duration.ofMillis(untilFiveSeconds + 2000))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jedis.zcard(AWAITING) == 2 && receiver.getAllServeEvents().isEmpty());
        jedis.set("rabbit_push_5_555555", "late on a cluster");

        eventually().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(stat("delivered")) && !jedis.exists("rabbit_push_5_555555"));
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")).withRequestBody(equalToJson("{\"uid\":\"5\",\"content\":\"late on a cluster\"}", true, true)));
        assertThat(stat("lateValues")).isEqualTo("1");
        assertThat(jedis.zscore(AWAITING, "rabbit_push_6_666666")).as("the other one still waits").isNotNull();
        assertThat(stat("missing")).isNull();

        // the one never written: missing once it has waited the horizon, sent never
        eventually().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(stat("missing")));
        long waitedMs = (System.nanoTime() - pushedAt) / 1_000_000;
        assertThat(waitedMs).isGreaterThanOrEqualTo(15000);
        assertThat(stat("awaitingValue")).isEqualTo("0");
        assertThat(jedis.zcard(AWAITING)).isZero();
        assertThat(jedis.hlen(AWAITING + ":since")).isZero();
        assertThat(jedis.llen(PUSH_QUEUE)).isZero();
        receiver.verify(1, postRequestedFor(urlEqualTo("/push")));
    }
}
