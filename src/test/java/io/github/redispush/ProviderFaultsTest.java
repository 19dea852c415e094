package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.redispush.faults.DeliveryLedger;
import io.github.redispush.support.PipelineTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flaky push provider (500s, 429 with Retry-After, reset connections, timeouts) or one that is down for a while:
 * everything is delivered once it answers again, nothing is dead-lettered, nothing is dropped silently.
 */
class ProviderFaultsTest extends PipelineTestSupport {

    private static final int MESSAGES = 200;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final FlakyProvider FLAKY = new FlakyProvider();

    /** A receiver of this class's own: WireMock takes its transformers when it is built. */
    @BeforeAll
    static void useAReceiverThatCanBeFlaky() {
        receiver.stop();
        // a fixed port: the provider-down test restarts it, and the pipeline must find it where it was
        receiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .port(io.github.redispush.redis.EmbeddedRedis.freePort()).extensions(FLAKY));
        receiver.start();
    }

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.put("push.max-attempts", "20"); // the faults are transient: they must not exhaust a key
        p.put("push.retry.max-delay-ms", "1000");
        return p;
    }

    @Test
    void aThirdOfRequestsFailingInEveryWayStillDeliversEverything() {
        FlakyProvider flaky = FLAKY;
        flaky.enabled = true;

        List<String> sent = redis.phpProducerWrites(MESSAGES, "f");

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> allSettled(sent));
        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("flaky-provider", sent, "faults-injected=" + flaky.faults.get()));
        assertThat(flaky.faults.get()).isPositive();
        assertThat(ledger.lost(sent)).isZero();
        assertThat(redis.list("push_dead_letter")).isEmpty();
        assertThat(sent.stream().filter(k -> redis.get(k) != null)).isEmpty();
    }

    @Test
    void aProviderDownForAWhileGetsEverythingWhenItComesBack() throws Exception {
        FLAKY.enabled = false;
        receiver.stop();

        List<String> sent = redis.phpProducerWrites(MESSAGES, "d");
        Thread.sleep(OUTAGE.toMillis()); // the fault itself: connection refused all along; retries, then leases, keep every key
        assertThat(redis.list("push_dead_letter")).isEmpty();
        receiver.start();

        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> allSettled(sent));
        DeliveryLedger ledger = DeliveryLedger.of(receiver);
        System.out.println(ledger.figures("provider-down", sent, "outage=3s"));
        assertThat(ledger.lost(sent)).isZero();
        assertThat(ledger.duplicated()).isZero();
        assertThat(redis.list("push_dead_letter")).isEmpty();
    }

    /** Every key delivered (its value deleted), and nothing left claimed, queued or scheduled for a retry. */
    private static boolean allSettled(List<String> sent) {
        try (var jedis = redis.client()) {
            return sent.stream().allMatch(k -> redis.get(k) == null) && redis.length("push_queue") == 0
                    && redis.length("temp_queue") == 0 && jedis.zcard("temp_queue:retries") == 0;
        }
    }

    /** Fails about a third of the requests, in turn: 500, 429 + Retry-After, reset connection, too slow. */
    static final class FlakyProvider implements ResponseDefinitionTransformerV2 {

        private final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger faults = new AtomicInteger();
        volatile boolean enabled;

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            if (!enabled) {
                return serveEvent.getResponseDefinition();
            }
            int n = requests.incrementAndGet();
            ResponseDefinitionBuilder answer = switch (n % 12) {
                case 1 -> ResponseDefinitionBuilder.responseDefinition().withStatus(500);
                case 4 -> ResponseDefinitionBuilder.responseDefinition().withStatus(429).withHeader("Retry-After", "1");
                case 7 -> ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER);
                case 10 -> ResponseDefinitionBuilder.responseDefinition().withStatus(200).withFixedDelay(1500); // > 1 s timeout
                default -> null;
            };
            if (answer == null) {
                return serveEvent.getResponseDefinition();
            }
            faults.incrementAndGet();
            return answer.build();
        }

        @Override
        public String getName() {
            return "flaky-provider";
        }
    }
}
