package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.redispush.delivery.ProviderHosts;
import io.github.redispush.support.FakeRongCloud;
import io.github.redispush.support.FakeRongCloud.Answer;
import io.github.redispush.support.IdleWorkers;
import io.github.redispush.support.LogCapture;
import io.github.redispush.support.TestRedis;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host failover, as RongCloud's SDKs do it: push.url lists two hosts; the first one fails (refuses connections,
 * answers 500 with code 1000, or does not answer in time), and every message is delivered through the second, none lost, none twice, with one
 * log line for the switch.
 */
class RongCloudFailoverTest {
    /** push.delivery.client: the subclass ...OnVertxHttpTest runs these tests on vertx-http. */
    protected String deliveryClient() {
        return "http";
    }


    private static final int MESSAGES = 300;

    private TestRedis redis;
    private FakeRongCloud first;
    private FakeRongCloud second;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        redis = new TestRedis().start();
        first = new FakeRongCloud("app-key-1", "secret");
        second = new FakeRongCloud("app-key-1", "secret");
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        IdleWorkers.release(context, redis::unblockBlockingPops);
        context.stop();
        first.close();
        second.close();
        redis.stop();
    }

    @Test
    void aHostThatRefusesConnectionsIsLeftForTheSecond() throws Exception {
        first.refuseConnections();
        deliverAllThroughTheSecondHost("first host refuses connections");
    }

    @Test
    void aHostThatAnswers500IsLeftForTheSecond() throws Exception {
        first.answering(request -> new Answer(500, 1000, "internal error"));
        deliverAllThroughTheSecondHost("first host answers HTTP 500, code 1000");
        assertThat(first.received()).as("requests the failing host saw").isNotEmpty();
    }

    @Test
    void aHostThatDoesNotAnswerInTimeIsLeftForTheSecond() throws Exception {
        // a hung gateway: no answer within the response timeout (it gives up itself later, with 1050)
        first.answering(request -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer(504, 1050, "internal timeout");
        });
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        http.setResponseTimeout(500);
        http.setSoTimeout(500);
        // vertx-http reads camel-http's timeout when the pipeline is added
        context.getPropertiesComponent().addOverrideProperty("camel.component.http.response-timeout", "500");
        deliverAllThroughTheSecondHost("first host answers after the 500 ms response timeout");
    }

    private void deliverAllThroughTheSecondHost(String fault) throws Exception {
        try (LogCapture hostLog = LogCapture.of(ProviderHosts.class)) {
            PushPipeline.addTo(context, "push", Map.of(
                    "push.redis.url", redis.url(),
                    "push.url", first.host() + "," + second.host(),
                    "push.provider", "rongcloud-private",
                    "push.rongcloud.from-user-id", "system-bot",
                    "push.auth.app-key", "app-key-1",
                    "push.auth.secret", "secret",
                    // the first host is not tried again during the test
                    "push.rongcloud.first-host-retry-ms", "600000",
                    "push.retry.initial-delay-ms", "200",
                    "push.delivery.client", deliveryClient()));
            context.start();

            List<String> keys = redis.phpProducerWrites(MESSAGES, "f");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> second.acceptedMessages() == MESSAGES
                    && redis.length("temp_queue") == 0 && retriesScheduled() == 0);

            long lost = keys.stream().filter(key -> redis.get(key) != null).count();
            System.out.printf("FAULT-FIGURES RongCloudFailoverTest (%s): sent %d, delivered %d (first host %d, second %d), lost %d, duplicated %d, dead-lettered %d%n",
                    fault, MESSAGES, second.acceptedMessages() + first.acceptedMessages(), first.acceptedMessages(),
                    second.acceptedMessages(), lost, second.duplicates(), redis.length("push_dead_letter"));
            assertThat(first.acceptedMessages()).isZero();
            assertThat(lost).as("lost").isZero();
            assertThat(second.duplicates()).as("duplicated").isZero();
            assertThat(redis.length("push_dead_letter")).as("dead-lettered").isZero();
            assertThat(hostLog.linesContaining("is unavailable")).as("the switch, logged once").hasSize(1)
                    .first().asString().startsWith("WARN").contains(first.host()).contains("the next pushes go to " + second.host());
        }
    }

    private long retriesScheduled() {
        try (var jedis = redis.client()) {
            return jedis.zcard("temp_queue:retries");
        }
    }
}
