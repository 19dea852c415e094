package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import io.github.redispush.support.PipelineTestSupport;
import org.junit.jupiter.api.Test;

/**
 * push.redis.layout=cluster on one server: the cluster names work there too (so a later move to a cluster needs no
 * renaming), and the PHP producers' side is unchanged: they still LPUSH push_queue and SET the message key.
 */
class ClusterLayoutOnOneServerTest extends PipelineTestSupport {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.redis.layout", "cluster");
        return p;
    }

    @Test
    void theWorkersKeysAreUnderThePushQueuesHashTag() {
        List<String> sent = redis.phpProducerWrites(50, "3");

        eventually().until(() -> redis.length("push_queue") == 0 && redis.length("{push_queue}:temp_queue") == 0
                && sent.stream().allMatch(key -> redis.get(key) == null));

        receiver.verify(50, postRequestedFor(urlEqualTo("/push")));
        try (var jedis = redis.client()) {
            assertThat(jedis.hget("{push_queue}:temp_queue:stats", "delivered")).isEqualTo("50");
            assertThat(jedis.exists("temp_queue", "temp_queue:stats", "temp_queue:leases")).as("no single-layout key written").isZero();
        }
    }
}
