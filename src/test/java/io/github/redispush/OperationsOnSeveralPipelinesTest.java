package io.github.redispush;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.redispush.ops.PipelineOperations;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With two pipelines in one context, the HTTP operations and the dashboard reach each by name (?pipeline=): its
 * queues, its dead letters, its own reliable-move route to pause; without a name, the launcher's.
 */
class OperationsOnSeveralPipelinesTest {

    private TestRedis redis;
    private WireMockServer provider;
    private CamelContext context;

    @BeforeEach
    void twoPipelines() throws Exception {
        redis = new TestRedis().start();
        provider = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        provider.stubFor(post("/push").willReturn(ok()));
        context = new DefaultCamelContext();
        PushPipeline.addTo(context, "orders", pipeline("orders"));
        PushPipeline.addTo(context, "billing", pipeline("billing"));
        context.start();
    }

    @AfterEach
    void stopAll() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        provider.stop();
        redis.stop();
    }

    @Test
    void eachPipelineIsShownAndOperatedByItsName() throws Exception {
        PipelineOperations operations = new PipelineOperations(context, "orders", false);
        try (var jedis = redis.client()) {
            jedis.set("rabbit_push_malformed", "x");
            jedis.lpush("billing_push_queue", "rabbit_push_malformed");
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> redis.length("billing_dead_letter") == 1);

        assertThat(operations.names()).containsExactly("billing", "orders");
        Map<String, Object> billing = operations.overview("billing");
        assertThat(billing.get("pipeline")).isEqualTo("billing");
        assertThat(billing.toString()).contains("name=billing_dead_letter", "depth=1", "route=billing-reliable-move");
        assertThat(operations.overview(null).get("pipeline")).as("no name: the launcher's").isEqualTo("orders");
        assertThat(operations.listAsJson("billing", null, null, null)).contains("rabbit_push_malformed");
        assertThat(operations.listAsJson("orders", null, null, null)).isEqualTo("[]");
        assertThat(operations.listAsJson("billing", null, null, "malformed")).contains("rabbit_push_malformed");
        assertThat(operations.listAsJson("billing", null, null, "nothing-like-it")).isEqualTo("[]");

        operations.pause("billing");
        assertThat(context.getRouteController().getRouteStatus("billing-reliable-move").isSuspended()).isTrue();
        assertThat(context.getRouteController().getRouteStatus("orders-reliable-move").isStarted()).isTrue();
        operations.resume("billing");
        assertThat(context.getRouteController().getRouteStatus("billing-reliable-move").isStarted()).isTrue();

        assertThat(operations.purgeAll("orders")).isZero();
        assertThat(operations.purgeAll("billing")).isEqualTo(1);
        assertThat(redis.length("billing_dead_letter")).isZero();
        assertThatThrownBy(() -> operations.overview("shipping")).isInstanceOf(PipelineOperations.UnknownPipelineException.class)
                .hasMessage("no pipeline named 'shipping' here; pipelines: billing, orders");
    }

    @Test
    void theRatesOfEveryPipelineAreSampled() throws Exception {
        PipelineOperations operations = new PipelineOperations(context, "orders", false);
        operations.sampleRates();
        try (var jedis = redis.client()) {
            jedis.hset("billing_temp_queue:stats", "delivered", "10");
        }
        Thread.sleep(20); // two samples need distinct times
        operations.sampleRates();

        List<?> billing = (List<?>) ((Map<?, ?>) operations.overview("billing").get("rates")).get("samples");
        List<?> orders = (List<?>) ((Map<?, ?>) operations.overview("orders").get("rates")).get("samples");
        assertThat(billing).hasSize(1);
        assertThat(billing.get(0).toString()).doesNotContain("delivered=0.0");
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).toString()).contains("delivered=0.0");
    }

    private Map<String, String> pipeline(String name) {
        return Map.of(
                "push.redis.url", redis.url(),
                "push.queue.push", name + "_push_queue",
                "push.queue.temp", name + "_temp_queue",
                "push.queue.dead-letter", name + "_dead_letter",
                "push.url", "http://127.0.0.1:" + provider.port() + "/push",
                "push.delivery.concurrency", "2");
    }
}
