package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application that owns its CamelContext embeds the project as a library: no camel-main, no application
 * properties of its own, two pipelines with different queues and providers side by side in one context.
 */
class EmbeddedPipelinesTest {

    private TestRedis redis;
    private WireMockServer provider;
    private CamelContext context;

    @BeforeEach
    void startRedisAndProvider() {
        redis = new TestRedis().start();
        provider = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        provider.stubFor(post("/orders/push").willReturn(ok()));
        provider.stubFor(post("/billing/push").willReturn(ok()));
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stopAll() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        provider.stop();
        redis.stop();
    }

    @Test
    void twoPipelinesInOneContextEachDrainTheirOwnQueueToTheirOwnProvider() throws Exception {
        PushPipeline.addTo(context, "orders", pipeline("orders"));
        PushPipeline.addTo(context, "billing", pipeline("billing"));
        context.start();

        List<String> orders = produce("orders", 20);
        List<String> billing = produce("billing", 20);
        // a malformed key in one pipeline is dead-lettered by that pipeline, into its own list
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_malformed", "x");
            jedis.lpush("billing_push_queue", "rabbit_push_malformed");
        }

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                provider.findAll(postRequestedFor(urlEqualTo("/orders/push"))).size() == 20
                        && provider.findAll(postRequestedFor(urlEqualTo("/billing/push"))).size() == 20
                        && redis.length("billing_dead_letter") == 1
                        && redis.length("orders_temp_queue") == 0 && redis.length("billing_temp_queue") == 0);

        for (String key : orders) {
            provider.verify(1, postRequestedFor(urlEqualTo("/orders/push")).withRequestBody(containing(key)));
            assertThat(redis.get(key)).as("acknowledged: its value is deleted").isNull();
        }
        for (String key : billing) {
            provider.verify(1, postRequestedFor(urlEqualTo("/billing/push")).withRequestBody(containing(key)));
            assertThat(redis.get(key)).isNull();
        }
        assertThat(redis.list("billing_dead_letter")).singleElement().asString().contains("rabbit_push_malformed");
        assertThat(redis.length("orders_dead_letter")).isZero();
        assertThat(redis.length("push_queue")).as("the launcher's default queue is untouched").isZero();
        assertThat(context.getRoute("orders-reliable-move")).isNotNull();
        assertThat(context.getRoute("billing-reliable-move")).isNotNull();
        assertThat(context.getRoute("billing-redeliver-temp-queue").getEndpoint().getEndpointUri()).contains("billing");
    }

    @Test
    void aPipelineWithoutAProviderUrlIsRefusedWithTheNameOfTheMissingProperty() {
        Map<String, String> noUrl = Map.of("push.redis.url", redis.url());
        assertThatThrownBy(() -> PushPipeline.addTo(context, "orders", noUrl))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("push.url");
    }

    private Map<String, String> pipeline(String name) {
        return Map.of(
                "push.redis.url", redis.url(),
                "push.queue.push", name + "_push_queue",
                "push.queue.temp", name + "_temp_queue",
                "push.queue.dead-letter", name + "_dead_letter",
                "push.url", "http://127.0.0.1:" + provider.port() + "/" + name + "/push",
                "push.delivery.concurrency", "2");
    }

    /** Writes n messages the PHP way into the pipeline's queue. */
    private List<String> produce(String name, int n) {
        List<String> keys = new ArrayList<>();
        try (var jedis = redis.client()) {
            for (int i = 0; i < n; i++) {
                String key = "rabbit_push_" + name + i + "_" + (100000 + i);
                jedis.lpush(name + "_push_queue", key);
                jedis.set(key, name + " message " + i);
                keys.add(key);
            }
        }
        return keys;
    }
}
